// medianTimeline (analyze/phases.ts) as a table: the typical waterfall over the counted starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianTimeline } from '../../src/analyze/phases.ts';
import { countedSamples } from '../../src/analyze/samples.ts';
import type { Phase, Sample } from '../../src/model.ts';

/** One start from `name=ms` pairs, in the given order. */
const start = (marks: string, extra: Partial<Sample> = {}): Sample => {
  const phases = marks.split(' ').map((m) => {
    const [name, ms] = m.split('=');
    return { name: (name as string).replaceAll('_', ' '), ms: Number(ms) };
  });
  return { index: 0, warmup: false, arm: 'head', totalMs: phases.find((p) => p.name === 'ready')?.ms ?? Number.NaN, phases, ...extra };
};
const line = (phases: Phase[]) => phases.map((p) => `${p.name.replaceAll(' ', '_')}=${p.ms}`).join(' ');

const cases: { name: string; samples: Sample[]; want: string }[] = [
  { name: 'no samples: an empty timeline', samples: [], want: '' },
  { name: 'one start is its own timeline', samples: [start('create=10 start=150 ready=200')], want: 'create=10 start=150 ready=200' },
  {
    name: 'each phase its own median (odd count)',
    samples: [start('create=10 start=150 ready=200'), start('create=30 start=170 ready=260'), start('create=20 start=100 ready=210')],
    want: 'create=20 start=150 ready=210',
  },
  {
    name: 'even count: the mean of the middle two',
    samples: [start('create=10 ready=200'), start('create=20 ready=300'), start('create=30 ready=400'), start('create=50 ready=1000')],
    want: 'create=25 ready=350',
  },
  {
    name: 'a phase in fewer than half the starts is left out',
    samples: [start('create=10 listening=190 ready=200'), start('create=10 ready=200'), start('create=10 ready=200')],
    want: 'create=10 ready=200',
  },
  {
    name: 'a phase in exactly half the starts is kept',
    samples: [start('create=10 listening=190 ready=200'), start('create=10 ready=200')],
    want: 'create=10 listening=190 ready=200',
  },
  {
    name: 'the median of a phase is over the starts that have it',
    samples: [start('create=10 listening=100 ready=200'), start('create=10 listening=180 ready=200'), start('create=10 ready=200')],
    want: 'create=10 listening=140 ready=200',
  },
  {
    name: 'medians out of order across phases come out sorted',
    samples: [start('create=10 b=50 a=60 ready=200'), start('create=10 a=40 b=70 ready=200'), start('create=10 a=45 b=80 ready=200')],
    want: 'create=10 a=45 b=70 ready=200',
  },
  {
    name: 'negative (skewed daemon clock) marks are kept and sorted first',
    samples: [start('started-at=-30 create=10 ready=200'), start('started-at=-10 create=10 ready=200')],
    want: 'started-at=-20 create=10 ready=200',
  },
  {
    name: 'ready stays last on a tie, even for a phase first seen in a later start',
    samples: [start('create=10 ready=200'), start('create=10 http_started=200 ready=200')],
    want: 'create=10 http_started=200 ready=200',
  },
  {
    name: 'labels are kept as printed, suffixes included',
    samples: [start('create=10 listening=100 listening_#2=150 ready=200')],
    want: 'create=10 listening=100 listening_#2=150 ready=200',
  },
];

for (const c of cases) {
  test(`medianTimeline: ${c.name}`, () => {
    assert.equal(line(medianTimeline(c.samples)), c.want);
  });
}

test('medianTimeline over countedSamples: warm-ups and the base arm never shape the head timeline', () => {
  const samples = [
    start('create=500 slow=900 ready=1000', { warmup: true }),
    start('create=500 slow=900 ready=1000', { warmup: true }),
    start('create=10 ready=200'),
    start('create=300 slow=350 ready=400', { arm: 'base' }),
    start('create=20 ready=220'),
  ];
  assert.equal(line(medianTimeline(countedSamples(samples))), 'create=15 ready=210');
});
