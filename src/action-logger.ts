import * as core from '@actions/core';
import { safeLogLine, stopCommandsLines, stopCommandsToken } from './report/safe-text.ts';
import type { Logger } from './util/logger.ts';

/** The runner's log: groups, annotations, and container text fenced off by stop-commands. */
export const actionLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  group: (title, fn) => core.group(title, fn),
  untrusted: (title, lines) => {
    // Between these two lines the runner executes no workflow command, whatever the container
    // printed (`::add-mask::`, `::error::`, a `::stop-commands::` of its own): the token is
    // random per block, so the text cannot end the block early. Each line is also defused on
    // its own, for log viewers that do not honour stop-commands.
    const { start, end } = stopCommandsLines(stopCommandsToken());
    core.info(`${title}:`);
    core.info(start);
    for (const l of lines) core.info(`  | ${safeLogLine(l)}`);
    core.info(end);
  },
};
