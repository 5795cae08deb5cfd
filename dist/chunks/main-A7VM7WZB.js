import { createRequire as __ssla_createRequire } from 'node:module'; import { fileURLToPath as __ssla_fileURLToPath } from 'node:url'; import { dirname as __ssla_dirname } from 'node:path'; const require = __ssla_createRequire(import.meta.url); const __filename = __ssla_fileURLToPath(import.meta.url); const __dirname = __ssla_dirname(__filename);
import {
  core_exports,
  debug,
  error,
  getInput,
  group,
  info,
  saveRunId,
  setFailed,
  setSecret,
  summary,
  warning
} from "./chunk-CQXOK3GZ.js";
import {
  OWNER_TITLE,
  RUN_KEYS,
  TARGET_KEYS,
  baselineSession,
  closest,
  connectGitHub,
  describeFailure,
  failureLine,
  httpStatus,
  loadConfig,
  loadRunConfig,
  renderExports,
  targetSchema
} from "./chunk-TRTZQPPS.js";
import {
  isTrustedForBaseline,
  readRunContext,
  safetyDecision
} from "./chunk-VA4GFDYM.js";
import {
  VERSION,
  artefactOf,
  buildReport,
  countedSamples,
  decideVerdict,
  fingerprintKey,
  fingerprintOf,
  historyKey,
  measureRun,
  newRunId,
  parseReport,
  phaseTitle,
  recordRun,
  renderConditionsMarkdown,
  segments
} from "./chunk-C2MFKE2Z.js";
import {
  ConfigError,
  errorMessage,
  fileErrorReason
} from "./chunk-SDSMZU5J.js";

// src/main.ts
import { mkdirSync as mkdirSync2, readFileSync as readFileSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { dirname, join as join2 } from "node:path";

// src/report/safe-text.ts
import { randomBytes } from "node:crypto";
var ZWSP = "\u200B";
function fence(text2, info2 = "") {
  let longest = 0;
  for (const run2 of text2.match(/`+/g) ?? []) longest = Math.max(longest, run2.length);
  const ticks = "`".repeat(Math.max(3, longest + 1));
  const body = text2.endsWith("\n") ? text2 : `${text2}
`;
  return `${ticks}${info2}
${body}${ticks}`;
}
function neutralizeMentions(text2) {
  return text2.replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWSP}`);
}
function neutralizeHtmlComments(text2) {
  return text2.replace(/<!--/g, `<${ZWSP}!--`).replace(/--!?>/g, `--${ZWSP}>`);
}
function logExcerpt(title, lines) {
  const fenced = fence(neutralizeHtmlComments(neutralizeMentions(lines.join("\n"))));
  const ticks = /^`+/.exec(fenced)?.[0] ?? "```";
  const body = fenced.slice(ticks.length + 1, fenced.length - ticks.length - 1);
  return { kind: "lines", head: `<details><summary>${escapeHtml(title)}</summary>

${ticks}`, lines: body.split("\n"), foot: `${ticks}

</details>` };
}
function escapeHtml(text2) {
  return text2.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
function cell(text2) {
  return text2.replace(/[\r\n]+/g, " ").replace(/[<>&|`\\*_[\]]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/@(?=\w)/g, "@\u200B").slice(0, 200);
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

// src/action-surfaces.ts
var said = /* @__PURE__ */ new Set();
function once(key, say) {
  if (said.has(key)) return;
  said.add(key);
  say();
}
async function writeSummary(markdown, env = process.env) {
  if (!env.GITHUB_STEP_SUMMARY) {
    once("summary", () => warning("startup-sla: this runner gives no job summary (GITHUB_STEP_SUMMARY is not set); the result is in the log and the report file"));
    return false;
  }
  try {
    await summary.addRaw(markdown, true).write({ overwrite: false });
    return true;
  } catch (e) {
    summary.emptyBuffer();
    once("summary", () => warning(`startup-sla: job summary not written (${errorMessage(e)}); the result is in the log and the report file`));
    return false;
  }
}
function setOutputs(values, env = process.env, out = core_exports) {
  if (!env.GITHUB_OUTPUT) once("output", () => out.info("startup-sla: GITHUB_OUTPUT is not set; outputs are given with the older ::set-output command, which this runner may ignore"));
  for (const [name, value] of Object.entries(values)) out.setOutput(name, value);
}

// src/report/results.ts
var finite = (v) => v !== void 0 && Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
var text = (v) => v === null ? "" : v.toFixed(1);
function targetOutput(t, reportPath) {
  const classification = t.comparison?.classification ?? null;
  return {
    id: t.id,
    verdict: t.verdict,
    p50Ms: finite(t.stats.p50),
    p95Ms: finite(t.stats.p95),
    stat: t.sla.stat,
    statMs: finite(t.sla.valueMs),
    slaMs: t.sla.limitMs,
    deltaPct: finite(t.comparison?.deltaPct),
    comparison: t.baseImage ? "interleaved" : classification !== null ? "history" : "none",
    classification,
    concurrency: t.concurrency ?? 1,
    slaScope: t.slaScope ?? "start",
    pageCache: t.pageCache ?? "warm",
    burstSlowestP50Ms: (t.concurrency ?? 1) > 1 ? finite(t.bursts?.slowest.p50) : null,
    memoryP50MiB: finite(t.cost?.memory?.n ? t.cost.memory.p50MiB : void 0),
    gpuMemoryP50MiB: finite(t.cost?.gpuMemory?.n ? t.cost.gpuMemory.p50MiB : void 0),
    report: reportPath
  };
}
function reportOutputs(report, reportPath) {
  const all = report.targets.map((t) => targetOutput(t, reportPath));
  const first = all[0];
  return {
    verdict: report.verdict,
    "p50-ms": text(first?.p50Ms ?? null),
    "p95-ms": text(first?.p95Ms ?? null),
    "stat-ms": text(first?.statMs ?? null),
    "delta-pct": text(first?.deltaPct ?? null),
    report: reportPath,
    results: JSON.stringify(all)
  };
}
function errorOutputs() {
  return { verdict: "error", "p50-ms": "", "p95-ms": "", "stat-ms": "", "delta-pct": "", report: "", results: "[]" };
}

// src/util/sections.ts
function sectionText(s) {
  return s.kind === "lines" ? [s.head, ...s.lines, s.foot].join("\n") : s.markdown;
}
function sectionsOf(body) {
  return typeof body === "string" ? [{ kind: "text", markdown: body }] : [...body];
}
function joinSections(body) {
  return typeof body === "string" ? body : body.map(sectionText).join("");
}
var keep = (markdown) => ({ kind: "keep", markdown });
function joinParts(parts, sep = "\n") {
  const out = [];
  const push = (s) => {
    const last = out[out.length - 1];
    if (last?.kind === "text" && s.kind === "text") out[out.length - 1] = { kind: "text", markdown: last.markdown + s.markdown };
    else out.push(s);
  };
  parts.forEach((p, i) => {
    if (i > 0 && sep !== "") push({ kind: "text", markdown: sep });
    if (typeof p === "string") push({ kind: "text", markdown: p });
    else if (Array.isArray(p)) for (const s of p) push(s);
    else push(p);
  });
  return out;
}

// src/report/charts.ts
var f1 = (v) => Number.isFinite(v) ? v.toFixed(1) : "\u2013";
var signed = (v) => `${v >= 0 ? "+" : "\u2212"}${Math.abs(v).toFixed(1)}`;
function mermaidLabel(text2) {
  return text2.replace(/[^\w .+()/-]/g, " ").replace(/\s+/g, " ").trim().slice(0, 60) || "phase";
}
var PALETTE = "#3b82f6, #f59e0b, #dc2626";
var LEGEND = { p50: "\u{1F7E6} p50", p95: "\u{1F7E7} p95", sla: "\u{1F7E5} SLA" };
var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function fullDate(d) {
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? "no date" : `${t.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
function dateLabels(dates) {
  const seen = /* @__PURE__ */ new Map();
  let month = "";
  return dates.map((d) => {
    const t = new Date(d);
    if (Number.isNaN(t.getTime())) return "no date";
    const m = MONTHS[t.getUTCMonth()] ?? "";
    const key = `${m} ${t.getUTCDate()}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const day = m === month ? String(t.getUTCDate()) : key;
    month = m;
    return n === 1 ? day : `${day} (${n})`;
  });
}
function axisTop(max) {
  const step = 10 ** Math.floor(Math.log10(Math.max(max, 1)));
  return Math.ceil(max * 1.1 / step) * step;
}
function renderTrend(t) {
  const history = t.comparison?.trend ?? [];
  const headOk = t.stats.n > 0 && Number.isFinite(t.stats.p50) && Number.isFinite(t.stats.p95);
  if (history.length === 0 || history.length < 2 && !headOk) return "";
  const axis = dateLabels(history.map((h) => h.date));
  const points = [
    ...history.map((p, i) => ({ label: axis[i] ?? "no date", date: fullDate(p.date), sha: p.shortSha.replace(/[^0-9a-f]/g, ""), p50: p.p50, p95: p.p95 })),
    ...headOk ? [{ label: "this run", date: "this run", sha: "", p50: t.stats.p50, p95: t.stats.p95 }] : []
  ];
  const dataMax = Math.max(...points.map((p) => p.p95));
  const drawSla = t.sla.limitMs <= dataMax * 3;
  const top = axisTop(drawSla ? Math.max(dataMax, t.sla.limitMs) : dataMax);
  const series = (f) => `[${points.map((p) => f(p).toFixed(1)).join(", ")}]`;
  const slaText = `SLA ${t.sla.stat} \u2264 ${t.sla.limitMs} ms`;
  const legend = [LEGEND.p50, LEGEND.p95, drawSla ? `${LEGEND.sla} (${slaText})` : `${slaText}, above the chart`].join(" \xB7 ");
  const head2 = headOk ? ` \xB7 this run: p50 ${f1(t.stats.p50)} ms, p95 ${f1(t.stats.p95)} ms` : "";
  return [
    "",
    `<details><summary>Trend: the default branch's last ${history.length} results${headOk ? " and this run" : ""} (p50 and p95, ms)</summary>`,
    "",
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${PALETTE}"}}}}%%`,
    "xychart-beta",
    '    title "Hot start, ms (create -> ready)"',
    `    x-axis [${points.map((p) => `"${mermaidLabel(p.label)}"`).join(", ")}]`,
    `    y-axis "ms" 0 --> ${top}`,
    `    line ${series((p) => p.p50)}`,
    `    line ${series((p) => p.p95)}`,
    ...drawSla ? [`    line ${series(() => t.sla.limitMs)}`] : [],
    "```",
    "",
    `${legend}${head2}`,
    "",
    "| date | commit | p50 (ms) | p95 (ms) |",
    "|---|---|---:|---:|",
    ...points.map((p) => `| ${cell(p.date)} | ${p.sha ? `\`${p.sha}\`` : "**this run**"} | ${f1(p.p50)} | ${f1(p.p95)} |`),
    "</details>"
  ].join("\n");
}
function baseSegments(t) {
  const phases = t.comparison?.phases ?? [];
  if (t.comparison?.ratio === void 0 || !phases.some((p) => p.baseMs !== void 0)) return void 0;
  return new Map(phases.map((p) => [p.name, { baseMs: p.baseMs, deltaMs: p.deltaMs, moved: p.moved }]));
}
function against(t) {
  const c = t.comparison;
  if (c?.baseline) return `baseline ${c.baseline.commit.slice(0, 7)}`;
  return t.baseImage ? "base image" : "baseline";
}
function renderWaterfall(t) {
  if (t.timeline.length === 0) return "";
  const segs = segments(t.timeline);
  const base = baseSegments(t);
  const header = base ? ["| until | at (ms from create) | took (ms) | base took (ms) | change (ms) |", "|---|---:|---:|---:|---:|"] : ["| until | at (ms from create) | took (ms) |", "|---|---:|---:|"];
  const rows = segs.map((s) => {
    const row2 = `| ${cell(phaseTitle(s.name))} | ${f1(s.startMs + s.durationMs)} | ${f1(s.durationMs)} |`;
    if (!base) return row2;
    const b = base.get(s.name);
    const change = b?.deltaMs === void 0 ? "\u2013" : b.moved ? `**${signed(b.deltaMs)}**` : signed(b.deltaMs);
    return `${row2} ${b?.baseMs === void 0 ? "\u2013" : f1(b.baseMs)} | ${change} |`;
  });
  const bar = (name, from, to) => `    ${mermaidLabel(phaseTitle(name))} : ${Math.round(from)}, ${Math.max(Math.round(to), Math.round(from) + 1)}`;
  const gantt = ["    section this run", ...segs.filter((s) => s.durationMs > 0).map((s) => bar(s.name, s.startMs, s.startMs + s.durationMs))];
  if (base) {
    const first = segs[0];
    let at = first && base.get(first.name)?.baseMs === void 0 ? first.startMs + first.durationMs : 0;
    gantt.push(`    section ${mermaidLabel(against(t))}`);
    for (const s of segs) {
      const ms = base.get(s.name)?.baseMs;
      if (ms === void 0) continue;
      if (ms > 0) gantt.push(bar(s.name, at, at + ms));
      at += ms;
    }
  }
  return [
    `<details><summary>Phase waterfall (median of each mark over the counted starts${base ? `, beside the ${cell(against(t))}` : ""})</summary>`,
    "",
    ...header,
    ...rows,
    "",
    "```mermaid",
    "gantt",
    "    title Median start, ms from the create call",
    "    dateFormat x",
    "    axisFormat %S.%L s",
    ...gantt,
    "```",
    "</details>"
  ].join("\n");
}

// src/report/summary.ts
var f12 = (v) => Number.isFinite(v) ? v.toFixed(1) : "\u2013";
var ICON = { pass: "\u2705", fail: "\u274C", inconclusive: "\u26A0\uFE0F", error: "\u26D4" };
function targetSections(t) {
  const s = t.stats;
  const lines = [
    `### ${ICON[t.verdict] ?? ""} ${cell(t.id)}: ${t.verdict.toUpperCase()}`,
    "",
    ...t.reasons.map((r) => `- ${r.severity === "fail" ? "\u274C" : r.severity === "warning" ? "\u26A0\uFE0F" : "\u2714\uFE0F"} ${cell(r.message)}`),
    "",
    `SLA: **${t.sla.stat} \u2264 ${t.sla.limitMs} ms**, measured ${f12(t.sla.valueMs)} ms \xB7 image \`${cell(t.image.reference)}\` (${(t.image.sizeBytes / 1e6).toFixed(1)} MB, ${t.image.layers} layers) \xB7 ready at \`${cell(t.healthCheck)}\``,
    "",
    "| n | min | p50 | p90 | p95 | max | mean | stdev |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${s.n} | ${f12(s.min)} | ${f12(s.p50)} | ${f12(s.p90)} | ${f12(s.p95)} | ${f12(s.max)} | ${f12(s.mean)} | ${f12(s.stdev)} |`,
    ""
  ];
  const conditions = renderConditionsMarkdown(t);
  if (conditions !== "") lines.push(conditions, "");
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
      `Interleaved against \`${cell(t.baseImage.reference)}\`: p50 ${f12(b.p50)} ms, p95 ${f12(b.p95)} ms (n=${b.n}).`,
      ""
    );
  }
  const cost = renderBaseCost(t);
  if (cost !== "") lines.push(cost, "");
  for (const part of [renderComparison(t), renderWaterfall(t), renderTrend(t)]) if (part !== "") lines.push(part, "");
  return joinParts(lines);
}
function summarySections(report, extra = {}) {
  const head2 = `## ${ICON[report.verdict] ?? ""} startup-sla: ${report.verdict.toUpperCase()}

${report.targets.map((t) => `- **${cell(t.id)}**: ${t.verdict} \xB7 ${cell(t.reasons.filter((r) => r.severity !== "info").map((r) => r.message)[0] ?? t.reasons[0]?.message ?? "")}`).join("\n")}`;
  const env = report.environment;
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion}${g.persistenceMode ? `, persistence ${g.persistenceMode}` : ""})`).join(", ") || "no GPU";
  const foot = [
    "",
    `<sub>Hot start = create call -> first passing health check, image already local. Docker ${cell(env.dockerVersion)} \xB7 ${cell(env.cpuModel)} \xD7${env.cpuCount} \xB7 ${cell(gpu)}${extra.runUrl ? ` \xB7 [run](${extra.runUrl})` : ""}</sub>`
  ];
  return joinParts([keep(head2), "", ...report.targets.map(targetSections), ...foot]);
}
var signed2 = (v, unit) => `${v >= 0 ? "+" : "\u2212"}${Math.abs(v).toFixed(1)}${unit}`;
function renderComparison(t) {
  const c = t.comparison;
  if (!c || c.ratio === void 0) return "";
  const against2 = c.base?.kind === "base-commit" && c.base.commit ? `base commit \`${c.base.commit.slice(0, 7)}\` (built here, interleaved, same job)` : c.baseline ? `baseline \`${c.baseline.commit.slice(0, 7)}\` (${cell(c.baseline.date)})` : t.baseImage ? `\`${cell(t.baseImage.reference)}\` (interleaved, same job)` : "baseline";
  const base = t.baseStats;
  const lines = [
    "",
    `**Against ${against2}:** median ${signed2(c.deltaPct ?? 0, " %")} (${signed2(c.deltaMs ?? 0, " ms")}), ${c.ci ? `${Math.round(c.ci.level * 100)}% CI ${signed2((c.ci.lo - 1) * 100, "")}..${signed2((c.ci.hi - 1) * 100, " %")}` : ""} \xB7 ${c.classification}`
  ];
  if (base) {
    lines.push("", "| | n | p50 | p95 |", "|---|---:|---:|---:|", `| head | ${t.stats.n} | ${f12(t.stats.p50)} | ${f12(t.stats.p95)} |`, `| baseline | ${base.n} | ${f12(base.p50)} | ${f12(base.p95)} |`);
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

// src/action-publish.ts
function checkConclusion(report) {
  if (report.targets.some((t) => t.failsStep) || report.verdict === "error") return "failure";
  return report.verdict === "pass" ? "success" : "neutral";
}
function annotationLevel(t) {
  if (t.verdict === "fail" || t.verdict === "error") return "error";
  if (t.verdict === "inconclusive" || t.reasons.some((r) => r.severity === "warning")) return "warning";
  return "notice";
}
async function publishReport(report, opts, deps) {
  const { core } = deps;
  setOutputs(reportOutputs(report, opts.reportPath), deps.env, core);
  const summary2 = summarySections(report, { runUrl: opts.runUrl });
  await deps.writeSummary(joinSections(summary2));
  const urls = await deps.postToGitHub(summary2, checkConclusion(report));
  setOutputs({ "comment-url": urls.comment ?? "", "check-run-url": urls.checkRun ?? "" }, deps.env, core);
  const failing = [];
  for (const t of report.targets) {
    const props = { title: `startup-sla: ${t.id} ${t.verdict}`, file: t.source?.file ?? opts.configFile, startLine: t.source?.line };
    core[annotationLevel(t)](`${t.id}: ${t.reasons.map((r) => r.message).join("; ")}`, props);
    if (t.failsStep) failing.push(`${t.id} (${t.reasons.filter((r) => r.severity === "fail").map((r) => r.code).join(", ") || t.verdict})`);
  }
  if (failing.length > 0 && opts.prNumber === void 0) core.setFailed(`startup-sla: ${failing.join("; ")}; see the job summary`);
}

// src/github/body-cap.ts
var COMMENT_LIMIT = 65536;
var CHECK_SUMMARY_LIMIT = 65535;
var REMOVED = "_(log excerpt removed: size limit)_";
var TAIL_NOTE = "\n\n_(report cut here: size limit)_";
var NOTE_COST = 60;
function shrinkExcerpt(s, need) {
  let saved = 0;
  let drop = 0;
  while (drop < s.lines.length && saved < need + NOTE_COST) saved += (s.lines[drop++] ?? "").length + 1;
  if (drop === 0) return s;
  const note = `\u2026 ${drop} earlier line${drop === 1 ? "" : "s"} cut (size limit)`;
  return { ...s, lines: [note, ...s.lines.slice(drop)] };
}
var lengthOf = (parts) => parts.reduce((n, s) => n + sectionText(s).length, 0);
function capBody(body, limit = COMMENT_LIMIT) {
  const parts = sectionsOf(body);
  if (lengthOf(parts) <= limit) return parts.map(sectionText).join("");
  const excerpts = parts.flatMap((s, i) => s.kind === "lines" ? [i] : []).reverse();
  for (const k of excerpts) {
    const s = parts[k];
    const size = lengthOf(parts);
    if (size <= limit) break;
    if (s?.kind === "lines") parts[k] = shrinkExcerpt(s, size - limit);
  }
  for (const k of excerpts) {
    if (lengthOf(parts) <= limit) break;
    parts[k] = { kind: "text", markdown: REMOVED };
  }
  const text2 = parts.map(sectionText).join("");
  if (text2.length <= limit) return text2;
  const lastKept = parts.map((s) => s.kind).lastIndexOf("keep");
  const keep2 = Math.max(limit - TAIL_NOTE.length, lengthOf(parts.slice(0, lastKept + 1)));
  return (text2.slice(0, keep2) + TAIL_NOTE).slice(0, limit);
}

// src/github/comment.ts
var DEFAULT_IDENTITY = "github-actions[bot]";
function commentMarker(targetId) {
  return `<!-- startup-sla:target=${encodeURIComponent(targetId)} -->`;
}
var COMBINED_MARKER = "<!-- startup-sla:combined -->";
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
  const message = errorMessage(e);
  if (status === 403 && /rate limit/i.test(message)) return `${what} not posted: rate limited by GitHub (${message})`;
  if (status === 403 || status === 401) {
    return `${what} not posted: the token may not write here (HTTP ${status}: ${message}). Give the job \`permissions: ${permission}\`; pull requests from forks always get a read-only token, so use the fork-safe split (examples/workflows/fork-safe-*.yml) for them.`;
  }
  return void 0;
}
var COMMENT_PERMISSION = "pull-requests: write` (or `issues: write`)";
async function upsertComment(api, opts) {
  const marker = opts.marker ?? commentMarker(opts.targetId);
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
    throw new Error(`upserting the PR comment on #${opts.issueNumber} failed: ${errorMessage(e)}`, { cause: e });
  }
}
var ANY_MARKER_RE = /^<!-- startup-sla:(?:target=[^\s>]*|combined) -->/;
async function markCommentsErrored(api, opts) {
  try {
    const ours = (await api.listIssueComments(opts.issueNumber)).filter((c) => c.user?.login === opts.identity && ANY_MARKER_RE.test(c.body));
    const updated = [];
    for (const c of ours) {
      const marker = ANY_MARKER_RE.exec(c.body)?.[0];
      if (marker === void 0) continue;
      const full = `${marker}
${capBody(opts.body, COMMENT_LIMIT - marker.length - 1)}`;
      const done = c.body === full ? c : await api.updateIssueComment(c.id, full);
      updated.push({ commentId: done.id, url: done.html_url });
    }
    return { updated };
  } catch (e) {
    const reason = notPostedReason(e, "comment", COMMENT_PERMISSION);
    if (reason !== void 0) return { updated: [], reason };
    throw new Error(`marking the PR comments on #${opts.issueNumber} as errored failed: ${errorMessage(e)}`, { cause: e });
  }
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
    throw new Error(`creating check run "${p.name}" failed: ${errorMessage(e)}`, { cause: e });
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
    throw new Error(`completing check run ${checkRunId} failed: ${errorMessage(e)}`, { cause: e });
  }
}

// src/report/error-summary.ts
var clean = (text2) => neutralizeHtmlComments(neutralizeMentions(text2));
function errorTitle(f) {
  const first = (f.message.split("\n")[0] ?? "").replace(/\s+/g, " ").trim();
  return `error (${f.whose}): ${first}`.slice(0, 200);
}
function errorSummarySections(f) {
  const text2 = [
    "## \u2757 startup-sla: ERROR (nothing was measured to a verdict)",
    "",
    `**Whose:** ${f.whose}`,
    "",
    "**What happened:**",
    "",
    fence(clean(f.message)),
    "",
    `**What to do:** ${clean(f.hint).replace(/[<>]/g, (c) => `&#${c.charCodeAt(0)};`)}`,
    "",
    "This run has no timings: any earlier startup-sla result on this pull request is no longer current."
  ].join("\n");
  return f.runUrl ? [keep(text2), { kind: "text", markdown: `

[Log of this run](${f.runUrl})` }] : [keep(text2)];
}

// src/action-github.ts
var ghLog = { warning: (m) => warning(m), debug: (m) => debug(m) };
function gitHubSurfaces(inputs, ctx) {
  const token = inputs["github-token"] ?? "";
  const prInput = Number.parseInt(inputs["pr-number"] ?? "", 10);
  const surfaces = {
    api: void 0,
    checkName: inputs["check-name"]?.trim() || void 0,
    comment: (inputs.comment ?? "").trim().toLowerCase() !== "false",
    prNumber: Number.isInteger(prInput) && prInput > 0 ? prInput : ctx.event.pullRequest?.number
  };
  if (!token) return skipped(surfaces, "no github-token was given");
  if (!ctx.repository) return skipped(surfaces, "the repository is unknown (neither GITHUB_REPOSITORY nor the event names it)");
  try {
    surfaces.api = connectGitHub({ token, baseUrl: ctx.apiUrl, log: ghLog, repository: ctx.repository });
  } catch (e) {
    return skipped(surfaces, errorMessage(e));
  }
  if (surfaces.comment && surfaces.prNumber === void 0) info(`startup-sla: no PR comment: ${ctx.eventName ? `event "${ctx.eventName}" is not a pull request` : "no event was given (GITHUB_EVENT_NAME is not set)"}`);
  return surfaces;
}
function skipped(s, why) {
  if (s.checkName || s.comment && s.prNumber !== void 0) info(`startup-sla: no check run or PR comment: ${why}`);
  return s;
}
async function startCheck(gh, ctx) {
  const name = gh.checkName;
  if (!name || !gh.api || gh.check) return;
  if (!ctx.sha) return warning(`startup-sla: check run "${name}" not created: no commit (GITHUB_SHA is not set and the event names none)`);
  try {
    const started = await startCheckRun(gh.api, { name, headSha: ctx.sha, ...ctx.runUrl ? { detailsUrl: ctx.runUrl } : {} });
    if (!started.ok) warning(started.warning);
    else gh.check = { id: started.id, url: started.url };
  } catch (e) {
    warning(`startup-sla: check run "${name}" not created (${errorMessage(e).split("\n")[0]}); measuring anyway`);
  }
}
var f0 = (v) => Number.isFinite(v) ? v.toFixed(0) : "\u2013";
async function postToGitHub(report, ctx, gh, check) {
  const urls = {};
  const { api, prNumber } = gh;
  if (gh.comment && api && prNumber !== void 0) {
    const identity = await resolveIdentity(api).catch(() => void 0);
    for (const t of report.targets) {
      await bestEffort(`PR comment for ${t.id}`, async () => {
        const body = summarySections({ ...report, verdict: t.verdict, targets: [t] }, { runUrl: ctx.runUrl });
        const posted = await upsertComment(api, { issueNumber: prNumber, targetId: t.id, body, ...identity ? { identity } : {}, log: ghLog });
        if (posted.posted) {
          info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
          urls.comment ??= posted.url;
        } else warning(`startup-sla: ${posted.reason}`);
      });
    }
  }
  const run2 = gh.check;
  if (api && run2) {
    await bestEffort("check run", async () => {
      const done = await completeCheckRun(api, run2.id, {
        conclusion: check.conclusion,
        title: report.targets.map((t) => `${t.id}: ${t.verdict} (${t.sla.stat} ${f0(t.sla.valueMs)} ms, SLA ${t.sla.limitMs} ms)`).join("; "),
        summary: check.summary
      });
      if (!done.ok) warning(done.warning);
      else if (done.url) urls.checkRun = done.url;
    });
  }
  return urls;
}
async function reportFailure(f, ctx, gh) {
  setFailed(failureLine(f));
  const facts = { whose: OWNER_TITLE[f.owner], message: f.stack ?? f.message, hint: f.hint, runUrl: ctx.runUrl };
  const markdown = errorSummarySections(facts);
  const urls = {};
  try {
    setOutputs(errorOutputs());
    await writeSummary(joinSections(markdown));
    const { api, checkName, prNumber } = gh;
    if (api && checkName) {
      await bestEffort("check run", async () => {
        await startCheck(gh, ctx);
        if (!gh.check) return;
        const done = await completeCheckRun(api, gh.check.id, { conclusion: "failure", title: errorTitle(facts), summary: markdown });
        if (!done.ok) warning(done.warning);
        else if (done.url) urls.checkRun = done.url;
      });
    }
    if (api && gh.comment && prNumber !== void 0) {
      await bestEffort("PR comment", async () => {
        const identity = await resolveIdentity(api);
        const marked = await markCommentsErrored(api, { issueNumber: prNumber, body: markdown, identity });
        if ("reason" in marked) warning(`startup-sla: ${marked.reason}`);
        for (const c of marked.updated) info(`startup-sla: PR comment marked as errored: ${c.url}`);
        if (marked.updated[0]) urls.comment = marked.updated[0].url;
      });
    }
    setOutputs({ "comment-url": urls.comment ?? "", "check-run-url": urls.checkRun ?? "" });
  } catch (e) {
    warning(`startup-sla: the error could not be reported everywhere (${errorMessage(e)})`);
  }
}
async function bestEffort(what, fn) {
  try {
    await fn();
  } catch (e) {
    warning(`startup-sla: ${what} not posted (${errorMessage(e).split("\n")[0]}); the job summary and the report have the result`);
  }
}
async function cancelCheck(gh) {
  const { api, check } = gh;
  if (!api || !check) return;
  const done = completeCheckRun(api, check.id, { conclusion: "cancelled", title: "cancelled before a verdict", summary: "startup-sla was cancelled; it removed the containers it had started." }).catch(() => void 0);
  await Promise.race([done, new Promise((r) => setTimeout(r, 2e3).unref())]);
}

// src/action-inputs.ts
var KNOWN = [...TARGET_KEYS, ...RUN_KEYS];
function readInputs() {
  return Object.fromEntries(KNOWN.map((k) => [k, getInput(k)]));
}
function warnUnknownInputs(env = process.env) {
  const known = new Set(KNOWN.map((k) => k.replace(/ /g, "_").toUpperCase()));
  const unknown = Object.keys(env).filter((k) => k.startsWith("INPUT_") && !known.has(k.slice("INPUT_".length))).map((k) => k.slice("INPUT_".length).toLowerCase());
  for (const name of unknown) {
    const match = closest(name, KNOWN);
    warning(`startup-sla: input "${name}" is not one startup-sla knows; it is ignored${match ? `. Did you mean "${match}"?` : ""}`);
  }
  return unknown;
}
var MIN_RUNNER = "2.327.1";
function older(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
function warnOldRunner(env = process.env) {
  const version = env.RUNNER_VERSION?.trim().replace(/^v/, "");
  if (!version || !/^\d+\.\d+\.\d+/.test(version)) {
    debug("startup-sla: runner version unknown (RUNNER_VERSION is not set)");
    return "unknown";
  }
  if (!older(version, MIN_RUNNER)) return "ok";
  warning(`startup-sla: this runner is version ${version} (RUNNER_VERSION); startup-sla runs on node24, which needs runner ${MIN_RUNNER} or later: update the runner`);
  return "old";
}

// src/action-combine.ts
import { globSync, readdirSync, readFileSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

// src/report/merge.ts
var NO_REPORT = "no report (job failed or cancelled)";
var NAN_STATS = { n: 0, min: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN, stdev: NaN };
var UNKNOWN_ENV = { dockerVersion: "unknown", dockerApiVersion: "unknown", dockerHost: "unknown", os: "unknown", kernel: "unknown", cpuModel: "unknown", cpuCount: 0, memoryBytes: 0, gpus: [] };
function machineKey(t) {
  return `${t.id}\0${t.environment ? fingerprintKey(fingerprintOf(t.environment)) : ""}`;
}
function missingTarget(id, failOn) {
  const sla = { stat: "p95", limitMs: NaN, valueMs: NaN, met: false };
  const { verdict, reasons, failsStep } = decideVerdict({ stats: NAN_STATS, slaMs: sla.limitMs, slaStat: sla.stat, failOn, missingReport: NO_REPORT });
  return {
    id,
    image: { reference: "unknown", id: "", sizeBytes: 0, layers: 0 },
    healthCheck: "",
    runs: 0,
    warmup: 0,
    sla: { ...sla },
    verdict,
    reasons,
    failOn: [...failOn],
    failsStep,
    stats: NAN_STATS,
    timeline: [],
    samples: []
  };
}
function readOne(f, headSha, problems) {
  let report;
  try {
    report = parseReport(f.text, f.file);
  } catch (e) {
    problems.push(`${errorMessage(e)}; not posted`);
    return [];
  }
  const sha = report.git?.sha;
  if (headSha && sha && sha !== headSha) {
    problems.push(`${f.file}: measured on commit ${sha.slice(0, 12)}, but this run is for ${headSha.slice(0, 12)}; refusing to post it`);
    return [];
  }
  return report.targets.map((t) => ({
    target: { ...t, environment: t.environment ?? report.environment, runner: t.runner ?? report.runner },
    file: f.file,
    createdAt: report.createdAt
  }));
}
function mergeReports(files, opts) {
  const problems = [];
  const byMachine = /* @__PURE__ */ new Map();
  const ordered = [...files].sort((a, b) => a.file.localeCompare(b.file));
  for (const f of ordered) {
    for (const found of readOne(f, opts.headSha, problems)) {
      const key = machineKey(found.target);
      const other = byMachine.get(key);
      if (other === void 0) {
        byMachine.set(key, found);
        continue;
      }
      const [kept, dropped] = found.createdAt > other.createdAt ? [found, other] : [other, found];
      byMachine.set(key, kept);
      problems.push(`${found.target.id}: two reports for one target on one kind of runner (${other.file}, ${found.file}); kept the newer, ${kept.file}, and ignored ${dropped.file}`);
    }
  }
  const targets = [...byMachine.values()].map((f) => f.target);
  const seen = new Set(targets.map((t) => t.id));
  for (const e of opts.expected) if (!seen.has(e.id)) targets.push(missingTarget(e.id, e.failOn));
  if (targets.length === 0) return { report: void 0, problems };
  const rank = new Map(opts.expected.map((e, i) => [e.id, i]));
  const order = (t) => rank.get(t.id) ?? opts.expected.length;
  targets.sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id) || (a.runner ?? "").localeCompare(b.runner ?? ""));
  const environment = targets.find((t) => t.environment)?.environment ?? UNKNOWN_ENV;
  const report = buildReport({ version: opts.version, runId: opts.runId, createdAt: opts.now, environment, targets, git: opts.git });
  return { report, problems };
}

// src/report/combined.ts
var ICON2 = { pass: "\u2705", fail: "\u274C", inconclusive: "\u26A0\uFE0F", error: "\u26D4" };
var f13 = (v) => Number.isFinite(v) ? v.toFixed(1) : "\u2013";
function runnerOf(t) {
  return t.runner ?? t.environment?.runnerLabels?.join(",") ?? t.environment?.gpus[0]?.name ?? "\u2013";
}
function environmentLine(env) {
  if (!env) return "";
  const gpu = env.gpus.map((g) => `${g.name} (driver ${g.driverVersion})`).join(", ") || "no GPU";
  const labels = env.runnerLabels?.length ? ` \xB7 labels ${env.runnerLabels.join(", ")}` : "";
  return `<sub>Docker ${cell(env.dockerVersion)} \xB7 ${cell(env.cpuModel)} \xD7${env.cpuCount} \xB7 ${cell(gpu)}${cell(labels)}</sub>`;
}
function row(t) {
  const why = t.reasons.filter((r) => r.severity !== "info").map((r) => r.message)[0] ?? t.reasons[0]?.message ?? "";
  const delta = t.comparison?.deltaPct;
  const sla = Number.isFinite(t.sla.limitMs) ? `${t.sla.stat} \u2264 ${t.sla.limitMs}` : "\u2013";
  return `| ${cell(t.id)} | ${cell(runnerOf(t))} | ${ICON2[t.verdict] ?? ""} ${t.verdict} | ${f13(t.sla.valueMs)} | ${sla} | ${delta === void 0 ? "\u2013" : `${delta >= 0 ? "+" : "\u2212"}${Math.abs(delta).toFixed(1)} %`} | ${cell(why)} |`;
}
function head(merged) {
  const r = merged.report;
  const verdict = r?.verdict ?? "error";
  const runners = new Set(r?.targets.filter((t) => !isMissing(t)).map(runnerOf) ?? []);
  const lines = [`## ${ICON2[verdict] ?? ""} startup-sla: ${verdict.toUpperCase()}${r ? ` (${r.targets.length} result${r.targets.length === 1 ? "" : "s"} on ${runners.size} runner${runners.size === 1 ? "" : "s"})` : ""}`, ""];
  if (r) lines.push("| target | runner | verdict | ms | SLA (ms) | \u0394 | why |", "|---|---|---|---:|---|---:|---|", ...r.targets.map(row), "");
  for (const p of merged.problems) lines.push(`- \u26A0\uFE0F ${cell(p)}`);
  return lines.join("\n").replace(/\n+$/, "");
}
function summaryLine(t) {
  return `${ICON2[t.verdict] ?? ""} ${cell(t.id)} on ${cell(runnerOf(t))}: ${t.verdict}`;
}
var isMissing = (t) => t.reasons.some((r) => r.code === "no-report");
function fullDetails(t) {
  if (isMissing(t)) return joinParts([`<details><summary>${summaryLine(t)}</summary>

No report: its measure job failed, was cancelled, or its artifact was not downloaded into this job's \`report\` folder. The measure job's log says which.

</details>`]);
  return joinParts([`<details><summary>${summaryLine(t)}</summary>

`, targetSections(t), `
${environmentLine(t.environment)}

</details>`], "");
}
function shortDetails(t) {
  if (isMissing(t)) return fullDetails(t);
  const s = t.stats;
  return joinParts([`<details><summary>${summaryLine(t)}</summary>

n ${s.n} \xB7 p50 ${f13(s.p50)} ms \xB7 p95 ${f13(s.p95)} ms \xB7 max ${f13(s.max)} ms. _The job summary has this target's full report._

${environmentLine(t.environment)}

</details>`]);
}
function renderCombined(merged, opts = {}) {
  return joinSections(combinedSections(merged, opts));
}
function combinedSections(merged, opts = {}) {
  const top = head(merged);
  const targets = merged.report?.targets ?? [];
  const foot = `
<sub>Hot start = create call -> first passing health check, image already local.${opts.runUrl ? ` [Combining run](${opts.runUrl})` : ""}</sub>`;
  const blocks = targets.map(fullDetails);
  const limit = opts.limit ?? Infinity;
  const length = (b) => b.reduce((n, s) => n + sectionText(s).length, 0);
  const size = () => top.length + foot.length + blocks.reduce((n, b) => n + length(b) + 2, 0);
  const bySize = blocks.map((b, i) => [length(b), i]).sort((a, b) => b[0] - a[0]);
  for (const [, i] of bySize) {
    if (size() <= limit) break;
    const t = targets[i];
    if (t) blocks[i] = shortDetails(t);
  }
  return joinParts([keep(top), "", ...blocks.flatMap((b) => [b, ""]), foot]);
}

// src/action-combine.ts
function isReportCollection(report, cwd) {
  const r = report?.trim();
  if (!r) return false;
  if (r.endsWith("/") || /[*?[{]/.test(r)) return true;
  try {
    return statSync(resolve(cwd, r)).isDirectory();
  } catch {
    return false;
  }
}
var isReportName = (name) => name.endsWith(".json") && !/\.(bmf|benchmark-action)\.json$/.test(name);
function collectReports(pattern, cwd) {
  let paths;
  try {
    const dir = resolve(cwd, pattern);
    paths = /[*?[{]/.test(pattern) ? globSync(pattern, { cwd }).map((p) => resolve(cwd, p)).filter((p) => statSync(p).isFile() && !/\.(bmf|benchmark-action)\.json$/.test(p)) : readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && isReportName(d.name)).map((d) => join(d.parentPath, d.name));
  } catch (e) {
    return { files: [], problems: [`Input "report" has value "${pattern}": cannot be read (${fileErrorReason(e)})`] };
  }
  const files = [];
  const problems = [];
  for (const p of paths.sort()) {
    const file = relative(cwd, p) || p;
    try {
      files.push({ file, text: readFileSync(p, "utf8") });
    } catch (e) {
      problems.push(`${file}: cannot be read (${fileErrorReason(e)}); not posted`);
    }
  }
  if (files.length === 0 && problems.length === 0) problems.push(`no reports in "${pattern}": each measure job uploads its report as an artifact (startup-sla-report-<target>-<runner>), and this job downloads them there first`);
  return { files, problems };
}
function expectedTargets(inputs, run2, cwd) {
  if (run2.config) return loadConfig("action", { ...inputs, report: void 0 }, cwd).targets.map((t) => ({ id: t.id, failOn: t["fail-on"] }));
  const failOn = targetSchema.shape["fail-on"].safeParse(inputs["fail-on"] || void 0);
  if (!failOn.success) throw new ConfigError(`Input "fail-on" has value "${inputs["fail-on"]}": ${failOn.error.issues[0]?.message ?? "not accepted"}`);
  return run2.targets.map((id) => ({ id, failOn: failOn.data }));
}
async function publishCombined(inputs, ctx, gh) {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const run2 = loadRunConfig("action", inputs);
  const pattern = run2.report ?? "";
  const expected = expectedTargets(inputs, run2, cwd);
  const collected = collectReports(pattern, cwd);
  const headSha = ctx.payload.workflow_run?.head_sha;
  const sha = typeof headSha === "string" ? headSha : ctx.sha;
  const merged = mergeReports(collected.files, { expected, headSha: sha || void 0, version: VERSION, runId: newRunId(), now: /* @__PURE__ */ new Date(), git: { sha, ref: ctx.ref, runUrl: ctx.runUrl } });
  merged.problems.unshift(...collected.problems);
  for (const p of merged.problems) warning(`startup-sla: ${p}`);
  const report = merged.report;
  if (report) {
    const path = join(process.env.RUNNER_TEMP ?? cwd, "startup-sla-combined.json");
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}
`);
    setOutputs(reportOutputs(report, path));
  } else setOutputs(errorOutputs());
  await writeSummary(renderCombined(merged, { runUrl: ctx.runUrl }));
  const urls = await postCombined(merged, ctx, gh, sha);
  setOutputs({ "comment-url": urls.comment ?? "", "check-run-url": urls.checkRun ?? "" });
  if (report) await recordHistories(report, run2, ctx, gh.api);
  const failing = report ? report.targets.filter((t) => t.failsStep).map((t) => `${t.id}${t.runner ? ` on ${t.runner}` : ""} (${t.reasons.filter((r) => r.severity === "fail").map((r) => r.code).join(", ") || t.verdict})`) : ["no reports"];
  if (failing.length > 0) setFailed(`startup-sla: ${failing.join("; ")}; see the job summary`);
  else info(`startup-sla: ${report?.verdict ?? "error"} over ${report?.targets.length ?? 0} results`);
}
function conclusionOf(merged) {
  return merged.report ? checkConclusion(merged.report) : "failure";
}
async function postCombined(merged, ctx, gh, sha) {
  const urls = {};
  const { api, prNumber } = gh;
  if (gh.comment && api && prNumber !== void 0) {
    await bestEffort2("combined PR comment", async () => {
      const identity = await resolveIdentity(api).catch(() => void 0);
      const body = combinedSections(merged, { runUrl: ctx.runUrl, limit: COMMENT_LIMIT - COMBINED_MARKER.length - 1 });
      const posted = await upsertComment(api, { issueNumber: prNumber, targetId: "combined", marker: COMBINED_MARKER, body, ...identity ? { identity } : {}, log: ghLog });
      if (!posted.posted) return warning(`startup-sla: ${posted.reason}`);
      info(`startup-sla: PR comment ${posted.action}: ${posted.url}`);
      urls.comment = posted.url;
    });
  }
  if (api && gh.checkName) {
    await bestEffort2("check run", async () => {
      await startCheck(gh, { ...ctx, sha });
      if (!gh.check) return;
      const r = merged.report;
      const done = await completeCheckRun(api, gh.check.id, {
        conclusion: conclusionOf(merged),
        title: r ? `${r.verdict}: ${r.targets.filter((t) => t.verdict === "pass").length} of ${r.targets.length} results pass` : "no reports",
        summary: combinedSections(merged, { runUrl: ctx.runUrl, limit: CHECK_SUMMARY_LIMIT })
      });
      if (!done.ok) warning(done.warning);
      else if (done.url) urls.checkRun = done.url;
    });
  }
  return urls;
}
async function recordHistories(report, run2, ctx, api) {
  if (!isTrustedForBaseline({ eventName: ctx.eventName, payload: ctx.payload, ref: ctx.ref })) return;
  let session;
  try {
    session = baselineSession(run2, ctx, { log: ghLog, api });
  } catch (e) {
    return warning(`startup-sla: history not saved (${errorMessage(e)})`);
  }
  const store = session.store;
  if (!store) return;
  for (const t of report.targets) {
    const samples = countedSamples(t.samples);
    if (t.error || !t.environment || samples.length === 0) continue;
    const key = historyKey(t.id, t.environment, { concurrency: t.concurrency, pageCache: t.pageCache });
    const read = await store.read(key);
    if (read.status === "found" && read.doc.entries.some((e) => e.runId === session.run.runId)) {
      info(`startup-sla: ${t.id}: history already has this run (${read.where})`);
      continue;
    }
    const written = await recordRun(session, key, samples, t.stats, artefactOf(t.image, t.build?.engine));
    if (written?.status === "written") info(`startup-sla: ${t.id}: history saved (${written.where}, ${written.entries} entries)`);
    else if (written && written.status !== "skipped") warning(`startup-sla: ${t.id}: history not saved (${written.reason})`);
  }
}
async function bestEffort2(what, fn) {
  try {
    await fn();
  } catch (e) {
    warning(`startup-sla: ${what} not posted (${errorMessage(e).split("\n")[0]}); the job summary has the result`);
  }
}

// src/main.ts
async function run(env = process.env) {
  const inputs = readInputs();
  if (inputs["github-token"]) setSecret(inputs["github-token"]);
  warnUnknownInputs(env);
  warnOldRunner(env);
  const ctx = readRunContext(env, (m) => warning(`startup-sla: ${m}`));
  const gh = gitHubSurfaces(inputs, ctx);
  try {
    if (!inputs.image && isReportCollection(inputs.report, env.GITHUB_WORKSPACE ?? process.cwd())) {
      return await publishCombined(inputs, ctx, gh);
    }
    if (inputs["pr-number"] && !inputs.image && !inputs.config) {
      gh.checkName = void 0;
      return await publishOnly(inputs, ctx, gh);
    }
    await measure(inputs, ctx, gh);
  } catch (e) {
    await reportFailure(describeFailure(e), ctx, gh);
  }
}
async function measure(inputs, ctx, gh) {
  const config = loadConfig("action", inputs, process.env.GITHUB_WORKSPACE ?? process.cwd());
  const safety = safetyDecision({
    eventName: ctx.eventName,
    payload: ctx.payload,
    runnerEnvironment: process.env.RUNNER_ENVIRONMENT,
    allowForkPrs: config.run["allow-fork-prs"],
    runsCode: true
  });
  if (!safety.allowed) throw new ConfigError(safety.reason);
  const { report, signalled } = await measureRun(
    { config, logger: actionLogger, git: { sha: ctx.sha, ref: ctx.ref, runUrl: ctx.runUrl }, baseline: () => baselineSession(config.run, ctx, { log: ghLog, api: gh.api }) },
    {
      info: (m) => info(`startup-sla: ${m}`),
      warning: (m) => warning(`startup-sla: ${m}`),
      beforeStart: async (runId) => {
        await startCheck(gh, ctx);
        saveRunId(runId);
      },
      onSignal: (name) => warning(`startup-sla: ${name} received, removing this run's containers`),
      cleanupFailed: (reason) => warning(`startup-sla: could not remove this run's containers now (${reason}); the post step tries again`)
    }
  );
  if (signalled !== void 0) {
    setFailed("startup-sla: cancelled; removed this run's containers");
    await cancelCheck(gh);
    process.exit(signalled);
  }
  if (process.env.RUNNER_NAME) report.runner = process.env.RUNNER_NAME;
  await publish(config.run, report, ctx, gh, config.run.config, true);
}
async function publishOnly(inputs, ctx, gh) {
  const run2 = loadRunConfig("action", inputs);
  if (!run2.report) throw new ConfigError('Input "report" is required with "pr-number": the path of the JSON report to post');
  let text2;
  try {
    text2 = readFileSync2(run2.report, "utf8");
  } catch (e) {
    throw new ConfigError(`Input "report" has value "${run2.report}": the file cannot be read (${fileErrorReason(e)})`);
  }
  const report = parseReport(text2, run2.report);
  const headSha = ctx.payload.workflow_run?.head_sha;
  if (typeof headSha === "string" && report.git?.sha && report.git.sha !== headSha) {
    throw new ConfigError(`Input "report" has value "${run2.report}": it was measured on commit ${report.git.sha.slice(0, 12)}, but this workflow_run is for ${headSha.slice(0, 12)}; refusing to post it`);
  }
  await publish(run2, report, ctx, gh, void 0, false);
}
async function publish(run2, report, ctx, gh, configFile, measured) {
  const path = run2.report ?? join2(process.env.RUNNER_TEMP ?? process.cwd(), "startup-sla-report.json");
  if (measured) {
    mkdirSync2(dirname(path), { recursive: true });
    writeFileSync2(path, `${JSON.stringify(report, null, 2)}
`);
    for (const e of renderExports(report, path, run2.export)) writeFileSync2(e.path, e.text);
  }
  await publishReport(report, { reportPath: path, runUrl: ctx.runUrl, configFile, prNumber: run2["pr-number"] }, {
    core: core_exports,
    env: process.env,
    writeSummary: (markdown) => writeSummary(markdown),
    postToGitHub: (summary2, conclusion) => postToGitHub(report, ctx, gh, { summary: summary2, conclusion })
  });
}
export {
  run
};
