import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  ConfigError,
  RUN_KEYS,
  TARGET_KEYS,
  VERSION,
  __toESM,
  baselineSession,
  connectDocker,
  createOctokit,
  daemonGoneMessage,
  errorMessage,
  gitHubApi,
  httpStatus,
  isDaemonGone,
  isUserError,
  loadConfig,
  loadRunConfig,
  newRunId,
  parseRepo,
  parseReport,
  phaseTitle,
  pingDocker,
  readRunContext,
  removeRunResources,
  require_tunnel,
  require_undici,
  runPipeline,
  safetyDecision,
  segments,
  startLifecycle,
  systemClock
} from "./chunks/chunk-YX4YLPWA.js";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/@actions/http-client/lib/index.js
var tunnel = __toESM(require_tunnel(), 1);
var import_undici = __toESM(require_undici(), 1);
var HttpCodes;
(function(HttpCodes2) {
  HttpCodes2[HttpCodes2["OK"] = 200] = "OK";
  HttpCodes2[HttpCodes2["MultipleChoices"] = 300] = "MultipleChoices";
  HttpCodes2[HttpCodes2["MovedPermanently"] = 301] = "MovedPermanently";
  HttpCodes2[HttpCodes2["ResourceMoved"] = 302] = "ResourceMoved";
  HttpCodes2[HttpCodes2["SeeOther"] = 303] = "SeeOther";
  HttpCodes2[HttpCodes2["NotModified"] = 304] = "NotModified";
  HttpCodes2[HttpCodes2["UseProxy"] = 305] = "UseProxy";
  HttpCodes2[HttpCodes2["SwitchProxy"] = 306] = "SwitchProxy";
  HttpCodes2[HttpCodes2["TemporaryRedirect"] = 307] = "TemporaryRedirect";
  HttpCodes2[HttpCodes2["PermanentRedirect"] = 308] = "PermanentRedirect";
  HttpCodes2[HttpCodes2["BadRequest"] = 400] = "BadRequest";
  HttpCodes2[HttpCodes2["Unauthorized"] = 401] = "Unauthorized";
  HttpCodes2[HttpCodes2["PaymentRequired"] = 402] = "PaymentRequired";
  HttpCodes2[HttpCodes2["Forbidden"] = 403] = "Forbidden";
  HttpCodes2[HttpCodes2["NotFound"] = 404] = "NotFound";
  HttpCodes2[HttpCodes2["MethodNotAllowed"] = 405] = "MethodNotAllowed";
  HttpCodes2[HttpCodes2["NotAcceptable"] = 406] = "NotAcceptable";
  HttpCodes2[HttpCodes2["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
  HttpCodes2[HttpCodes2["RequestTimeout"] = 408] = "RequestTimeout";
  HttpCodes2[HttpCodes2["Conflict"] = 409] = "Conflict";
  HttpCodes2[HttpCodes2["Gone"] = 410] = "Gone";
  HttpCodes2[HttpCodes2["TooManyRequests"] = 429] = "TooManyRequests";
  HttpCodes2[HttpCodes2["InternalServerError"] = 500] = "InternalServerError";
  HttpCodes2[HttpCodes2["NotImplemented"] = 501] = "NotImplemented";
  HttpCodes2[HttpCodes2["BadGateway"] = 502] = "BadGateway";
  HttpCodes2[HttpCodes2["ServiceUnavailable"] = 503] = "ServiceUnavailable";
  HttpCodes2[HttpCodes2["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function(Headers2) {
  Headers2["Accept"] = "accept";
  Headers2["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function(MediaTypes2) {
  MediaTypes2["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
var HttpRedirectCodes = [
  HttpCodes.MovedPermanently,
  HttpCodes.ResourceMoved,
  HttpCodes.SeeOther,
  HttpCodes.TemporaryRedirect,
  HttpCodes.PermanentRedirect
];
var HttpResponseRetryCodes = [
  HttpCodes.BadGateway,
  HttpCodes.ServiceUnavailable,
  HttpCodes.GatewayTimeout
];

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell2) => {
        if (typeof cell2 === "string") {
          return this.wrap("td", cell2);
        }
        const { header, data, colspan, rowspan } = cell2;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
import os3 from "os";
var platform = os3.platform();
var arch = os3.arch();

// node_modules/@actions/core/lib/core.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os4.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup() {
  issue("endgroup");
}
function group(name, fn) {
  return __awaiter2(this, void 0, void 0, function* () {
    startGroup(name);
    let result;
    try {
      result = yield fn();
    } finally {
      endGroup();
    }
    return result;
  });
}
function saveState(name, value) {
  const filePath = process.env["GITHUB_STATE"] || "";
  if (filePath) {
    return issueFileCommand("STATE", prepareKeyValueMessage(name, value));
  }
  issueCommand("save-state", { name }, toCommandValue(value));
}
function getState(name) {
  return process.env[`STATE_${name}`] || "";
}

// src/main.ts
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// src/report/safe-text.ts
import { randomBytes } from "node:crypto";
var ZWSP = "\u200B";
function fence(text, info2 = "") {
  let longest = 0;
  for (const run2 of text.match(/`+/g) ?? []) longest = Math.max(longest, run2.length);
  const ticks = "`".repeat(Math.max(3, longest + 1));
  const body = text.endsWith("\n") ? text : `${text}
`;
  return `${ticks}${info2}
${body}${ticks}`;
}
function neutralizeMentions(text) {
  return text.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}
function neutralizeHtmlComments(text) {
  return text.replace(/<!--/g, `<${ZWSP}!--`).replace(/--!?>/g, `--${ZWSP}>`);
}
var LOG_START = "<!-- startup-sla:log-start -->";
var LOG_END = "<!-- startup-sla:log-end -->";
function logExcerpt(title, lines) {
  const text = neutralizeHtmlComments(neutralizeMentions(lines.join("\n")));
  return [
    LOG_START,
    `<details><summary>${escapeHtml(title)}</summary>`,
    "",
    fence(text),
    "",
    "</details>",
    LOG_END
  ].join("\n");
}
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function stopCommandsToken() {
  return `startup-sla-${randomBytes(16).toString("hex")}`;
}
function stopCommandsLines(token) {
  return { start: `::stop-commands::${token}`, end: `::${token}::` };
}
function safeLogLine(line) {
  return line.replace(/[\r\n]+/g, " ").replace(/^(\s*):(?=:)/, `$1:${ZWSP}`).replace(/^(\s*)##\[/, `$1#${ZWSP}#[`);
}
var VERDICT_END = "<!-- startup-sla:verdict-end -->";

// src/github/comment.ts
var DEFAULT_IDENTITY = "github-actions[bot]";
function commentMarker(targetId) {
  return `<!-- startup-sla:target=${encodeURIComponent(targetId)} -->`;
}
function isOurComment(c, marker, identity) {
  return c.user?.login === identity && c.body.startsWith(marker);
}
function oldestFirst(a, b) {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}
async function resolveIdentity(api) {
  return await api.authenticatedLogin() ?? DEFAULT_IDENTITY;
}
function notPostedReason(e, what, permission) {
  const status = httpStatus(e);
  const message = e instanceof Error ? e.message : String(e);
  if (status === 403 && /rate limit/i.test(message)) return `${what} not posted: rate limited by GitHub (${message})`;
  if (status === 403 || status === 401) {
    return `${what} not posted: the token may not write here (HTTP ${status}: ${message}). Give the job \`permissions: ${permission}\`; pull requests from forks always get a read-only token, so use the fork-safe split (examples/workflows/fork-safe-*.yml) for them.`;
  }
  return void 0;
}
var COMMENT_PERMISSION = "pull-requests: write` (or `issues: write`)";
async function upsertComment(api, opts) {
  const marker = commentMarker(opts.targetId);
  const full = `${marker}
${capBody(opts.body, COMMENT_LIMIT - marker.length - 1)}`;
  try {
    let identity = opts.identity ?? await resolveIdentity(api);
    const ours = async () => (await api.listIssueComments(opts.issueNumber)).filter((c) => isOurComment(c, marker, identity)).sort(oldestFirst);
    let found = await ours();
    let action = "unchanged";
    let kept = found[0];
    if (kept === void 0) {
      const created = await api.createIssueComment(opts.issueNumber, full);
      identity = created.user?.login ?? identity;
      found = await ours();
      if (!found.some((c) => c.id === created.id)) found = [...found, created].sort(oldestFirst);
      kept = found[0] ?? created;
      action = "created";
      if (kept.id !== created.id) {
        kept = await api.updateIssueComment(kept.id, full);
        action = "updated";
      }
    } else if (kept.body !== full) {
      kept = await api.updateIssueComment(kept.id, full);
      action = "updated";
    }
    const keptId = kept.id;
    const deleted = [];
    for (const dup of found.filter((c) => c.id !== keptId)) {
      try {
        await api.deleteIssueComment(dup.id);
        deleted.push(dup.id);
      } catch (e) {
        if (httpStatus(e) !== 404) throw e;
      }
    }
    if (deleted.length > 0) opts.log?.debug(`deleted duplicate comments ${deleted.join(", ")} (kept ${keptId})`);
    return { posted: true, action, commentId: kept.id, url: kept.html_url, deletedDuplicates: deleted };
  } catch (e) {
    const reason = notPostedReason(e, "comment", COMMENT_PERMISSION);
    if (reason !== void 0) return { posted: false, reason };
    throw new Error(`upserting the PR comment on #${opts.issueNumber} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
var COMMENT_LIMIT = 65536;
var CHECK_SUMMARY_LIMIT = 65535;
var SECTION = new RegExp(`${escapeRe(LOG_START)}[\\s\\S]*?${escapeRe(LOG_END)}`, "g");
var REMOVED = "_(log excerpt removed: size limit)_";
var TAIL_NOTE = "\n\n_(report cut here: size limit)_";
function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function shrinkExcerpt(section, need) {
  const lines = section.split("\n");
  const open = lines.findIndex((l) => /^`{3,}/.test(l));
  if (open < 0) return section;
  const ticks = /^`+/.exec(lines[open] ?? "")?.[0] ?? "```";
  const close = lines.lastIndexOf(ticks);
  if (close <= open) return section;
  const content = lines.slice(open + 1, close);
  let saved = 0;
  let drop = 0;
  while (drop < content.length && saved < need + 60) saved += (content[drop++] ?? "").length + 1;
  if (drop === 0) return section;
  const note = `\u2026 ${drop} earlier line${drop === 1 ? "" : "s"} cut (size limit)`;
  return [...lines.slice(0, open + 1), note, ...content.slice(drop), ...lines.slice(close)].join("\n");
}
function replaceSections(body, edit) {
  let i = 0;
  return body.replace(SECTION, (s) => edit(s, i++));
}
function capBody(body, limit = COMMENT_LIMIT) {
  if (body.length <= limit) return body;
  const count = body.match(SECTION)?.length ?? 0;
  for (let k = count - 1; k >= 0 && body.length > limit; k--) {
    const need = body.length - limit;
    body = replaceSections(body, (s, i) => i === k ? shrinkExcerpt(s, need) : s);
  }
  for (let k = count - 1; k >= 0 && body.length > limit; k--) {
    body = replaceSections(body, (s, i) => i === k ? REMOVED : s);
  }
  if (body.length <= limit) return body;
  const verdictEnd = body.indexOf(VERDICT_END);
  const keep = Math.max(limit - TAIL_NOTE.length, verdictEnd < 0 ? 0 : verdictEnd + VERDICT_END.length);
  return (body.slice(0, keep) + TAIL_NOTE).slice(0, limit);
}

// src/github/check-run.ts
var PERMISSION = "checks: write`";
async function startCheckRun(api, p) {
  try {
    const run2 = await api.createCheckRun(p);
    return { ok: true, id: run2.id, url: run2.html_url };
  } catch (e) {
    const warning2 = notPostedReason(e, `check run "${p.name}"`, PERMISSION);
    if (warning2 !== void 0) return { ok: false, warning: warning2 };
    throw new Error(`creating check run "${p.name}" failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
async function completeCheckRun(api, checkRunId, v) {
  try {
    const run2 = await api.completeCheckRun(checkRunId, {
      conclusion: v.conclusion,
      // The title is a single line of at most 255 characters in practice; keep it short.
      output: { title: v.title.replace(/\s+/g, " ").slice(0, 255), summary: capBody(v.summary, CHECK_SUMMARY_LIMIT) }
    });
    return { ok: true, id: run2.id, url: run2.html_url };
  } catch (e) {
    const warning2 = notPostedReason(e, "check run result", PERMISSION);
    if (warning2 !== void 0) return { ok: false, warning: warning2 };
    throw new Error(`completing check run ${checkRunId} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

// src/report/summary.ts
var f1 = (v) => Number.isFinite(v) ? v.toFixed(1) : "\u2013";
var ICON = { pass: "\u2705", fail: "\u274C", inconclusive: "\u26A0\uFE0F" };
function cell(text) {
  return text.replace(/[\r\n]+/g, " ").replace(/[<>&|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/@(?=\w)/g, "@\u200B").slice(0, 200);
}
function mermaidLabel(text) {
  return text.replace(/[^\w .+()/-]/g, " ").replace(/\s+/g, " ").trim().slice(0, 60) || "phase";
}
function renderWaterfall(t) {
  if (t.timeline.length === 0) return "";
  const segs = segments(t.timeline);
  const rows = segs.map((s) => `| ${cell(phaseTitle(s.name))} | ${f1(s.startMs + s.durationMs)} | ${f1(s.durationMs)} |`);
  const gantt = segs.filter((s) => s.durationMs > 0).map((s) => `    ${mermaidLabel(phaseTitle(s.name))} : ${Math.round(s.startMs)}, ${Math.max(Math.round(s.startMs + s.durationMs), Math.round(s.startMs) + 1)}`);
  return [
    "<details><summary>Phase waterfall (median of each mark over the counted starts)</summary>",
    "",
    "| until | at (ms from create) | took (ms) |",
    "|---|---:|---:|",
    ...rows,
    "",
    "```mermaid",
    "gantt",
    "    title Median start, ms from the create call",
    "    dateFormat x",
    "    axisFormat %S.%L s",
    "    section start",
    ...gantt,
    "```",
    "</details>"
  ].join("\n");
}
function renderTarget(t) {
  const s = t.stats;
  const lines = [
    `### ${ICON[t.verdict] ?? ""} ${cell(t.id)}: ${t.verdict.toUpperCase()}`,
    "",
    ...t.reasons.map((r) => `- ${r.severity === "fail" ? "\u274C" : r.severity === "warning" ? "\u26A0\uFE0F" : "\u2714\uFE0F"} ${cell(r.message)}`),
    "",
    `SLA: **${t.sla.stat} \u2264 ${t.sla.limitMs} ms**, measured ${f1(t.sla.valueMs)} ms \xB7 image \`${cell(t.image.reference)}\` (${(t.image.sizeBytes / 1e6).toFixed(1)} MB, ${t.image.layers} layers) \xB7 ready at \`${cell(t.healthCheck)}\``,
    "",
    "| n | min | p50 | p90 | p95 | max | mean | stdev |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${s.n} | ${f1(s.min)} | ${f1(s.p50)} | ${f1(s.p90)} | ${f1(s.p95)} | ${f1(s.max)} | ${f1(s.mean)} | ${f1(s.stdev)} |`,
    ""
  ];
  if (t.error && t.error.logTail.length > 0) lines.push(logExcerpt(`Last ${t.error.logTail.length} log lines of the failed start`, t.error.logTail), "");
  const engine = t.build?.engine;
  if (engine) {
    lines.push(
      `Engine \`${cell(engine.enginePath.split("/").pop() ?? "")}\`: ${(engine.sizeBytes / 1e6).toFixed(1)} MB, ${engine.cacheHit ? "from the cache (build skipped)" : `built in ${(engine.buildMs / 1e3).toFixed(1)} s`} by ${engine.builder}${engine.tensorrtVersion ? `, TensorRT ${cell(engine.tensorrtVersion)}` : ""}${engine.warnings.length ? ` \xB7 \u26A0\uFE0F ${engine.warnings.map(cell).join("; ")}` : ""}`,
      ""
    );
  }
  if (t.build?.image) lines.push(`Image built in ${(t.build.image.buildMs / 1e3).toFixed(1)} s.`, "");
  if (t.baseStats && t.baseImage) {
    const b = t.baseStats;
    lines.push(
      `Interleaved against \`${cell(t.baseImage.reference)}\`: p50 ${f1(b.p50)} ms, p95 ${f1(b.p95)} ms (n=${b.n}).`,
      ""
    );
  }
  const cost = renderBaseCost(t);
  if (cost !== "") lines.push(cost, "");
  for (const part of [renderComparison(t), renderWaterfall(t), renderTrend(t)]) if (part !== "") lines.push(part, "");
  return lines.join("\n");
}
function renderSummary(report, extra = {}) {
  const head = `## ${ICON[report.verdict] ?? ""} startup-sla: ${report.verdict.toUpperCase()}

${report.targets.map((t) => `- **${cell(t.id)}**: ${t.verdict} \xB7 ${cell(t.reasons.filter((r) => r.severity !== "info").map((r) => r.message)[0] ?? t.reasons[0]?.message ?? "")}`).join("\n")}
${VERDICT_END}`;
  const env = report.environment;
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion}${g.persistenceMode ? `, persistence ${g.persistenceMode}` : ""})`).join(", ") || "no GPU";
  const foot = [
    "",
    `<sub>Hot start = create call -> first passing health check, image already local. Docker ${cell(env.dockerVersion)} \xB7 ${cell(env.cpuModel)} \xD7${env.cpuCount} \xB7 ${cell(gpu)}${extra.runUrl ? ` \xB7 [run](${extra.runUrl})` : ""}</sub>`
  ];
  return [head, "", ...report.targets.map(renderTarget), ...foot].join("\n");
}
var signed = (v, unit) => `${v >= 0 ? "+" : "\u2212"}${Math.abs(v).toFixed(1)}${unit}`;
function renderComparison(t) {
  const c = t.comparison;
  if (!c || c.ratio === void 0) return "";
  const against = c.base?.kind === "base-commit" && c.base.commit ? `base commit \`${c.base.commit.slice(0, 7)}\` (built here, interleaved, same job)` : c.baseline ? `baseline \`${c.baseline.commit.slice(0, 7)}\` (${cell(c.baseline.date)})` : t.baseImage ? `\`${cell(t.baseImage.reference)}\` (interleaved, same job)` : "baseline";
  const base = t.baseStats;
  const lines = [
    "",
    `**Against ${against}:** median ${signed(c.deltaPct ?? 0, " %")} (${signed(c.deltaMs ?? 0, " ms")}), ${c.ci ? `${Math.round(c.ci.level * 100)}% CI ${signed((c.ci.lo - 1) * 100, "")}..${signed((c.ci.hi - 1) * 100, " %")}` : ""} \xB7 ${c.classification}`
  ];
  if (base) {
    lines.push("", "| | n | p50 | p95 |", "|---|---:|---:|---:|", `| head | ${t.stats.n} | ${f1(t.stats.p50)} | ${f1(t.stats.p95)} |`, `| baseline | ${base.n} | ${f1(base.p50)} | ${f1(base.p95)} |`);
  }
  const moved = c.phases.filter((p) => p.moved);
  if (moved.length > 0) lines.push("", `Phases that moved: ${moved.map((p) => cell(p.label)).join(", ")}`);
  if (c.changes.length > 0) lines.push("", `What changed: ${c.changes.map(cell).join("; ")}`);
  return `${lines.join("\n")}
`;
}
function renderBaseCost(t) {
  const c = t.comparison;
  const lines = [];
  if (c?.note) lines.push(`\u26A0\uFE0F ${cell(c.note)}`);
  const b = c?.base;
  if (b) {
    const what = b.kind === "base-commit" && b.commit ? `base commit \`${b.commit.slice(0, 7)}\` built here (${cell(b.how ?? "")})` : `baseline-image \`${cell(b.image)}\``;
    const build = b.buildMs !== void 0 ? ` in ${(b.buildMs / 1e3).toFixed(1)} s` : "";
    lines.push(`Comparison cost: ${what}${build}${b.engine ? `, ${cell(b.engine)}` : ""}; ${b.extraStarts} extra starts.`);
  }
  if (c?.confirmation) lines.push(`History regression re-measured interleaved: **${c.confirmation}**.`);
  return lines.join("\n\n");
}
function renderTrend(t) {
  const points = t.comparison?.trend ?? [];
  if (points.length < 2) return "";
  const axis = points.map((p) => `"${p.shortSha.replace(/[^0-9a-f]/g, "")}"`).join(", ");
  return [
    "",
    "<details><summary>Trend on the default branch (p50 and p95, ms)</summary>",
    "",
    "```mermaid",
    "xychart-beta",
    '    title "Hot start on the default branch"',
    `    x-axis [${axis}]`,
    '    y-axis "ms"',
    `    line [${points.map((p) => p.p50.toFixed(1)).join(", ")}]`,
    `    line [${points.map((p) => p.p95.toFixed(1)).join(", ")}]`,
    "```",
    "</details>"
  ].join("\n");
}

// src/action-logger.ts
var actionLogger = {
  info: (m) => info(m),
  warning: (m) => warning(m),
  error: (m) => error(m),
  debug: (m) => debug(m),
  group: (title, fn) => group(title, fn),
  untrusted: (title, lines) => {
    const { start, end } = stopCommandsLines(stopCommandsToken());
    info(`${title}:`);
    info(start);
    for (const l of lines) info(`  | ${safeLogLine(l)}`);
    info(end);
  }
};

// src/main.ts
var ghLog = { warning: (m) => warning(m), debug: (m) => debug(m) };
function readInputs() {
  return Object.fromEntries([...TARGET_KEYS, ...RUN_KEYS].map((k) => [k, getInput(k)]));
}
async function run() {
  try {
    const inputs = readInputs();
    if (inputs["github-token"]) setSecret(inputs["github-token"]);
    const ctx = readRunContext();
    if (inputs["pr-number"] && !inputs.image && !inputs.config) return await publishOnly(inputs, ctx);
    const config = loadConfig("action", inputs, process.env.GITHUB_WORKSPACE ?? process.cwd());
    const safety = safetyDecision({
      eventName: ctx.eventName,
      payload: ctx.payload,
      runnerEnvironment: process.env.RUNNER_ENVIRONMENT,
      allowForkPrs: config.run["allow-fork-prs"],
      runsCode: true
    });
    if (!safety.allowed) throw new ConfigError(safety.reason);
    const endpoint = connectDocker();
    await pingDocker(endpoint);
    const api = githubApi(config.run, ctx);
    const check = await startCheck(api, config.run, ctx);
    const runId = newRunId();
    saveState("runId", runId);
    const life = startLifecycle(endpoint.docker, runId, (name) => warning(`startup-sla: ${name} received, removing this run's containers`));
    let report;
    try {
      report = await runPipeline(config, {
        endpoint,
        clock: systemClock,
        logger: actionLogger,
        runId,
        version: VERSION,
        signal: life.signal,
        live: life.live,
        git: { sha: ctx.sha, ref: ctx.ref, runUrl: ctx.runUrl },
        baseline: baselineSession(config.run, ctx, ghLog)
      });
    } finally {
      await life.cleanup().catch((e) => warning(`startup-sla: could not remove this run's containers now (${errorMessage(e)}); the post step tries again`));
      life.dispose();
    }
    const signalled = life.exitCode();
    if (signalled !== void 0) {
      setFailed("startup-sla: cancelled; removed this run's containers");
      process.exit(signalled);
    }
    await publish(config.run, report, ctx, api, check, config.run.config);
  } catch (e) {
    if (isUserError(e)) setFailed(errorMessage(e));
    else if (isDaemonGone(e)) setFailed(`startup-sla: ${daemonGoneMessage(e)}`);
    else setFailed(`startup-sla crashed (a bug, please report it): ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}
function githubApi(run2, ctx) {
  const token = run2["github-token"];
  if (!token || !ctx.repository) return void 0;
  return gitHubApi(createOctokit({ token, baseUrl: ctx.apiUrl, log: ghLog }), parseRepo(ctx.repository));
}
async function startCheck(api, run2, ctx) {
  const name = run2["check-name"];
  if (!name || !api || !ctx.sha) return void 0;
  try {
    const started = await startCheckRun(api, { name, headSha: ctx.sha, ...ctx.runUrl ? { detailsUrl: ctx.runUrl } : {} });
    if (!started.ok) warning(started.warning);
    return started.ok ? started.id : void 0;
  } catch (e) {
    warning(`startup-sla: check run "${name}" not created (${errorMessage(e).split("\n")[0]}); measuring anyway`);
    return void 0;
  }
}
async function publishOnly(inputs, ctx) {
  const run2 = loadRunConfig("action", inputs);
  if (!run2.report) throw new ConfigError('Input "report" is required with "pr-number": the path of the JSON report to post');
  let text;
  try {
    text = readFileSync(run2.report, "utf8");
  } catch (e) {
    throw new ConfigError(`Input "report" has value "${run2.report}": the file cannot be read (${e.code ?? String(e)})`);
  }
  const report = parseReport(text, run2.report);
  const headSha = ctx.payload.workflow_run?.head_sha;
  if (typeof headSha === "string" && report.git?.sha && report.git.sha !== headSha) {
    throw new ConfigError(`Input "report" has value "${run2.report}": it was measured on commit ${report.git.sha.slice(0, 12)}, but this workflow_run is for ${headSha.slice(0, 12)}; refusing to post it`);
  }
  await publish(run2, report, ctx, githubApi(run2, ctx), void 0, void 0);
}
async function publish(run2, report, ctx, api, checkId, configFile) {
  const path = run2.report ?? join(process.env.RUNNER_TEMP ?? process.cwd(), "startup-sla-report.json");
  if (run2["pr-number"] === void 0) writeFileSync(path, `${JSON.stringify(report, null, 2)}
`);
  const first = report.targets[0];
  setOutput("verdict", report.verdict);
  setOutput("p50-ms", first ? first.stats.p50.toFixed(1) : "");
  setOutput("p95-ms", first ? first.stats.p95.toFixed(1) : "");
  setOutput("stat-ms", first ? first.sla.valueMs.toFixed(1) : "");
  setOutput("report", path);
  const delta = first?.comparison?.deltaPct;
  setOutput("delta-pct", delta === void 0 ? "" : delta.toFixed(1));
  const markdown = renderSummary(report, { runUrl: ctx.runUrl });
  await summary.addRaw(markdown, true).write();
  await postToGitHub(run2, report, ctx, api, checkId, markdown);
  const failing = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: t.source?.file ?? configFile, startLine: t.source?.line };
    const text = `${t.id}: ${t.reasons.map((r) => r.message).join("; ")}`;
    if (t.verdict === "fail") error(text, props);
    else if (t.verdict === "inconclusive" || t.reasons.some((r) => r.severity === "warning")) warning(text, props);
    else notice(text, props);
    if (t.failsStep) failing.push(`${t.id} (${t.reasons.filter((r) => r.severity === "fail").map((r) => r.code).join(", ") || t.verdict})`);
  }
  if (failing.length > 0 && run2["pr-number"] === void 0) setFailed(`startup-sla: ${failing.join("; ")}; see the job summary`);
}
async function postToGitHub(run2, report, ctx, api, checkId, markdown) {
  const prNumber = run2["pr-number"] ?? ctx.event.pullRequest?.number;
  if (run2.comment && api && prNumber !== void 0) {
    const identity = await resolveIdentity(api).catch(() => void 0);
    for (const t of report.targets) {
      await bestEffort(`PR comment for ${t.id}`, async () => {
        const body = renderSummary({ ...report, verdict: t.verdict, targets: [t] }, { runUrl: ctx.runUrl });
        const posted = await upsertComment(api, { issueNumber: prNumber, targetId: t.id, body, ...identity ? { identity } : {}, log: ghLog });
        if (posted.posted) info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
        else warning(`startup-sla: ${posted.reason}`);
      });
    }
  }
  if (api && checkId !== void 0) {
    await bestEffort("check run", async () => {
      const failed = report.targets.some((t) => t.failsStep);
      const done = await completeCheckRun(api, checkId, {
        conclusion: failed ? "failure" : report.verdict === "pass" ? "success" : "neutral",
        title: report.targets.map((t) => `${t.id}: ${t.verdict} (${t.sla.stat} ${t.sla.valueMs.toFixed(0)} ms, SLA ${t.sla.limitMs} ms)`).join("; "),
        summary: markdown
      });
      if (!done.ok) warning(done.warning);
    });
  }
}
async function bestEffort(what, fn) {
  try {
    await fn();
  } catch (e) {
    warning(`startup-sla: ${what} not posted (${errorMessage(e).split("\n")[0]}); the job summary and the report have the result`);
  }
}

// src/post.ts
async function post() {
  const runId = getState("runId");
  if (!runId) return info("startup-sla: nothing to clean up");
  try {
    const removed = await removeRunResources(connectDocker().docker, runId);
    info(`startup-sla: removed ${removed.containers.length} container(s) and ${removed.images.length} image(s) of run ${runId}`);
  } catch (e) {
    warning(`startup-sla: cleanup of run ${runId} failed: ${errorMessage(e)}`);
  }
}

// src/index.ts
if (getState("isPost") === "true") {
  await post();
} else {
  saveState("isPost", "true");
  await run();
}
