// The `phases` setting (rules, presets, refusals) and line timestamps, without Docker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { parsePhases, type PhaseRule } from '../../src/config/phases.ts';
import { PHASE_PRESETS } from '../../src/config/phase-presets.ts';
import { ConfigError } from '../../src/util/errors.ts';
import { parseLineTime, settle } from '../../src/measure/line-time.ts';
import { PhaseMatcher, resolveLineMarks } from '../../src/measure/pattern-phases.ts';
import type { Clock } from '../../src/util/clock.ts';

const rules = (v: unknown) => parsePhases(v) as PhaseRule[];

test('phases: label=regex lines, presets and comments mix; the regex keeps its inner = and spaces', () => {
  const r = rules('# server lines\nweights = Loaded weights in \\d+ ms\ntriton\nkv=a=b c\n');
  assert.deepEqual(r[0], { label: 'weights', pattern: 'Loaded weights in \\d+ ms' });
  assert.equal(r.at(-1)?.pattern, 'a=b c');
  assert.ok(r.some((x) => x.preset === 'triton' && x.label === 'http started'));
});

test('phases: a YAML mapping and a YAML list are accepted', () => {
  assert.deepEqual(rules({ 'model loaded': 'loaded' }), [{ label: 'model loaded', pattern: 'loaded' }]);
  assert.equal(rules(['vllm']).length, PHASE_PRESETS.vllm?.length);
});

test('phases: a bad regex is refused the way log: is, naming the input and the value', () => {
  assert.throws(
    () => loadConfig('action', { image: 'x:1', 'health-check': 'tcp:1', phases: 'engine=(' }),
    (e: unknown) => e instanceof ConfigError && /^Input "phases" has value "engine=\(": engine: regular expression does not compile \(Invalid regular expression/.test(e.message),
  );
  assert.match(String(parsePhases('tritonn')), /"tritonn" is neither label=regex nor a preset \(triton, vllm\)/);
  assert.match(String(parsePhases('ready=x')), /label "ready" is one of the action's own marks/);
  assert.match(String(parsePhases('a=x\na=y')), /label "a" is given twice/);
  assert.match(String(parsePhases('=x')), /has no label/);
  assert.match(String(parsePhases({ a: 3 })), /a: expected a regular expression as text/);
});

test('phases: the YAML file takes a mapping per target, a preset name as text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssla-phases-'));
  writeFileSync(join(dir, 'c.yml'), "targets:\n  - image: x:1\n    health-check: tcp:1\n    phases:\n      weights: 'took (?<ts>\\d+)'\n  - image: y:1\n    health-check: tcp:1\n    phases: vllm\n");
  const cfg = loadConfig('cli', { config: 'c.yml' }, dir);
  assert.deepEqual(cfg.targets[0]?.phases, [{ label: 'weights', pattern: 'took (?<ts>\\d+)' }]);
  assert.equal(cfg.targets[1]?.phases[0]?.preset, 'vllm');
  assert.deepEqual(loadConfig('cli', { image: 'x:1', 'health-check': 'tcp:1' }).targets[0]?.phases, []);
});

test('line times: unix seconds and zoned ISO are instants; glog and zone-less ISO are naive', () => {
  assert.deepEqual(parseLineTime('1796165022.250', 2026), { ms: 1796165022250, zoned: true, yearless: false });
  assert.equal(parseLineTime('2026-12-01T22:43:42.5+02:00', 2026)?.ms, Date.UTC(2026, 11, 1, 20, 43, 42, 500));
  assert.equal(parseLineTime('2026-12-01 22:43:42,123', 2026)?.zoned, false);
  const g = parseLineTime('1201 22:43:42.000250', 2026);
  assert.deepEqual(g, { ms: Date.UTC(2026, 11, 1, 22, 43, 42) + 0.25, zoned: false, yearless: true });
  assert.equal(parseLineTime('12-01 22:43:42', 2026)?.yearless, true);
  assert.equal(parseLineTime('yesterday', 2026), undefined);
});

test('settle: the zone comes from the reference in quarter hours, the year from the nearest', () => {
  const ref = Date.UTC(2026, 11, 1, 20, 43, 42, 700); // the daemon saw the line 200 ms after it was written
  // A server running at UTC+2 prints 22:43:42.5.
  assert.equal(settle('1201 22:43:42.500000', ref), Date.UTC(2026, 11, 1, 20, 43, 42, 500));
  // UTC-5:30 reading, New Year's Eve in the server's zone, new year already on the daemon.
  const newYear = Date.UTC(2027, 0, 1, 3, 0, 0, 100);
  assert.equal(settle('1231 21:30:00.000000', newYear), Date.UTC(2027, 0, 1, 3, 0, 0));
  assert.equal(settle('1796165022.5', 0), 1796165022500, 'an instant needs no reference');
});

test('matcher: the first matching line marks each rule once; a rule with ts keeps its capture', () => {
  const m = new PhaseMatcher(rules('triton\nmine=custom (?<ts>\\d+\\.\\d+)'));
  assert.ok(m.pending());
  m.offer("I1201 22:43:42.000100 1 model_lifecycle.cc:473] loading: resnet50:1", 10);
  m.offer("I1201 22:43:43.000100 1 model_lifecycle.cc:849] successfully loaded 'resnet50'", 20);
  m.offer("I1201 22:43:44.000100 1 model_lifecycle.cc:849] successfully loaded 'other'", 30);
  m.offer('2026-12-01T22:43:45Z I 1 http_server.cc:4725] Started HTTPService at 0.0.0.0:8000', 40);
  m.offer('custom 1796165022.25', 50);
  const hits = m.hits();
  assert.deepEqual(hits.map((h) => [h.label, h.at, h.ts]), [
    ['model loading', 10, '1201 22:43:42.000100'],
    ['model loaded', 20, '1201 22:43:43.000100'],
    ['http started', 40, undefined],
    ['mine', 50, '1796165022.25'],
  ]);
  assert.ok(m.pending(), 'grpc and metrics still wait');
});

test('resolve: sources say which time each mark took; daemon timestamps settle naive ones', async () => {
  const origin = Date.UTC(2026, 11, 1, 22, 0, 0);
  const clock: Clock = { now: () => 0, fromWall: (w) => w - origin };
  const at = (wall: number) => wall - origin;
  const written = Date.UTC(2026, 11, 1, 22, 43, 42, 0);
  const hits = [
    { label: 'arrived', at: at(written + 5), line: 'a' },
    { label: 'glog', at: at(written + 5), line: 'I1201 23:43:42.000000 x', ts: '1201 23:43:42.000000' },
    { label: 'unix', at: at(written + 5), line: 'u', ts: String(written / 1000) },
    { label: 'junk', at: at(written + 5), line: 'j', ts: 'soon' },
  ];
  const warnings: string[] = [];
  const marks = await resolveLineMarks(hits, { clock, offset: 0, warn: (w) => warnings.push(w), daemonTimes: async (l) => new Map(l.map((x) => [x, written + 2])) });
  assert.deepEqual(marks.map((m) => [m.label, m.at, m.source]), [
    ['arrived', at(written + 5), 'arrival'],
    ['glog', at(written), 'line-timestamp'],
    ['unix', at(written), 'line-timestamp'],
    ['junk', at(written + 5), 'arrival'],
  ]);
  assert.match(warnings[0] ?? '', /phase "junk": "soon" is no timestamp form/);
  const noDaemon = await resolveLineMarks(hits.slice(1, 2), { clock, offset: 0, daemonTimes: async () => new Map() });
  assert.deepEqual(noDaemon.map((m) => [m.at, m.source]), [[at(written), 'line-timestamp-arrival-zone']]);
});
