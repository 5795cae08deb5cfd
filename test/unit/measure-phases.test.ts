// toPhases and daemonOffset (measure/phases.ts) as tables: how one start's raw marks become its
// phase list, and when the daemon's clock is taken as skewed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonOffset, toPhases, type Marks } from '../../src/measure/phases.ts';
import type { Phase } from '../../src/model.ts';

const T0 = 5000;
const base: Marks = { t0: T0, created: T0 + 12, stamps: [], ready: T0 + 200 };

const phaseCases: { name: string; marks: Marks; want: Phase[] }[] = [
  { name: 'only create and ready', marks: base, want: [{ name: 'create', ms: 12 }, { name: 'ready', ms: 200 }] },
  {
    name: 'every daemon mark, in time order',
    marks: { ...base, startedAt: T0 + 150, started: T0 + 160, firstOutput: T0 + 170 },
    want: [{ name: 'create', ms: 12 }, { name: 'started-at', ms: 150 }, { name: 'start', ms: 160 }, { name: 'first-output', ms: 170 }, { name: 'ready', ms: 200 }],
  },
  {
    name: 'missing daemon events leave their phases out (no zero, no NaN)',
    marks: { ...base, startedAt: undefined, started: undefined, firstOutput: T0 + 170 },
    want: [{ name: 'create', ms: 12 }, { name: 'first-output', ms: 170 }, { name: 'ready', ms: 200 }],
  },
  {
    name: 'a daemon clock behind: negative marks are kept as measured and sorted first',
    marks: { ...base, startedAt: T0 - 40, started: T0 - 30 },
    want: [{ name: 'started-at', ms: -40 }, { name: 'start', ms: -30 }, { name: 'create', ms: 12 }, { name: 'ready', ms: 200 }],
  },
  {
    name: 'a mark after ready (a skewed stamp) is not clamped to ready',
    marks: { ...base, stamps: [{ label: 'listening', at: T0 + 250 }] },
    want: [{ name: 'create', ms: 12 }, { name: 'ready', ms: 200 }, { name: 'listening', ms: 250 }],
  },
  {
    name: 'stamps and lines given out of order come out sorted',
    marks: {
      ...base,
      stamps: [{ label: 'weights', at: T0 + 180 }, { label: 'cuda', at: T0 + 90 }],
      lines: [{ label: 'model loaded', at: T0 + 120, source: 'line-timestamp' }, { label: 'loading', at: T0 + 60, source: 'arrival' }],
    },
    want: [
      { name: 'create', ms: 12 },
      { name: 'loading', ms: 60, source: 'arrival' },
      { name: 'cuda', ms: 90 },
      { name: 'model loaded', ms: 120, source: 'line-timestamp' },
      { name: 'weights', ms: 180 },
      { name: 'ready', ms: 200 },
    ],
  },
  {
    name: 'a label printed twice keeps its first time; stamps and lines share the numbering',
    marks: {
      ...base,
      stamps: [{ label: 'listening', at: T0 + 100 }, { label: 'listening', at: T0 + 110 }],
      lines: [{ label: 'listening', at: T0 + 120, source: 'arrival' }],
    },
    want: [
      { name: 'create', ms: 12 },
      { name: 'listening', ms: 100 },
      { name: 'listening #2', ms: 110 },
      { name: 'listening #3', ms: 120, source: 'arrival' },
      { name: 'ready', ms: 200 },
    ],
  },
  {
    name: 'a mark at the same ms as ready sorts before ready',
    marks: { ...base, stamps: [{ label: 'listening', at: T0 + 200 }] },
    want: [{ name: 'create', ms: 12 }, { name: 'listening', ms: 200 }, { name: 'ready', ms: 200 }],
  },
  {
    name: 'rounded to the microsecond',
    marks: { ...base, created: T0 + 12.3456789, ready: T0 + 200.0004 },
    want: [{ name: 'create', ms: 12.346 }, { name: 'ready', ms: 200 }],
  },
];

for (const c of phaseCases) {
  test(`toPhases: ${c.name}`, () => {
    assert.deepEqual(toPhases(c.marks), c.want);
  });
}

// t0 and created on the runner's clock; the event on the daemon's.
const offsetCases: { name: string; t0: number; created: number; event: number | undefined; want: number }[] = [
  { name: 'no create event seen: no correction', t0: 1000, created: 1010, event: undefined, want: 0 },
  { name: 'event between t0 and the call returning', t0: 1000, created: 1010, event: 1004, want: 0 },
  { name: 'event at t0 exactly', t0: 1000, created: 1010, event: 1000, want: 0 },
  { name: 'event at created exactly', t0: 1000, created: 1010, event: 1010, want: 0 },
  { name: 'within the 1 ms slack before t0', t0: 1000, created: 1010, event: 999, want: 0 },
  { name: 'within the 1 ms slack after created', t0: 1000, created: 1010, event: 1011, want: 0 },
  { name: 'just past the slack before t0: moved to the midpoint', t0: 1000, created: 1010, event: 998.5, want: 6.5 },
  { name: 'just past the slack after created: a negative offset', t0: 1000, created: 1010, event: 1011.5, want: -6.5 },
  { name: 'a daemon clock 5 s behind', t0: 1000, created: 1010, event: -4000, want: 5005 },
  { name: 'a daemon clock 5 s ahead', t0: 1000, created: 1010, event: 6005, want: -5000 },
  { name: 'a create call of 0 ms and a skewed event', t0: 1000, created: 1000, event: 900, want: 100 },
];

for (const c of offsetCases) {
  test(`daemonOffset: ${c.name}`, () => {
    const got = daemonOffset(c.t0, c.created, c.event);
    assert.equal(got, c.want);
    // Whatever the offset, the corrected event lies within [t0 - slack, created + slack].
    if (c.event !== undefined) {
      assert.ok(c.event + got >= c.t0 - 1 && c.event + got <= c.created + 1, `corrected event ${c.event + got}`);
    }
  });
}
