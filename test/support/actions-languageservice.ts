// GitHub's workflow parser and language service, loaded under plain Node. Both packages are built
// for bundlers and import their JSON schemas without `with { type: 'json' }`, which Node refuses
// (ERR_IMPORT_ATTRIBUTE_MISSING); a load hook adds the attribute for their own .json files only.
import { registerHooks } from 'node:module';

registerHooks({
  load(url, context, nextLoad) {
    if (url.endsWith('.json') && /\/node_modules\/@actions\/(workflow-parser|languageservice)\//.test(url)) {
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
    }
    return nextLoad(url, context);
  },
});

export const languageService = await import('@actions/languageservice');
export const workflowParser = await import('@actions/workflow-parser');
export const { TextDocument } = await import('vscode-languageserver-textdocument');
