// Container output handling: demultiplexing, line splitting and the byte tail, on synthetic
// streams cut at every awkward place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Demux } from '../../src/docker/demux.ts';
import { ByteTail, LineSink, lineText, parseStamp } from '../../src/measure/log-lines.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function lines(chunks: Buffer[], max = 4096): string[] {
  const out: string[] = [];
  const sink = new LineSink({ maxLineBytes: max, onLine: (l, cut) => out.push(lineText(l, cut, max)) });
  for (const c of chunks) sink.write(c, 0);
  sink.end(0);
  return out;
}

test('demux: frames split at every byte boundary still come out whole, stdout and stderr apart', () => {
  const wire = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n')]);
  for (let cut = 1; cut < wire.length; cut++) {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const d = new Demux((b) => out.push(Buffer.from(b)), (b) => err.push(Buffer.from(b)));
    d.push(wire.subarray(0, cut));
    d.push(wire.subarray(cut));
    assert.equal(Buffer.concat(out).toString(), 'out one\nout two\n', `cut ${cut}`);
    assert.equal(Buffer.concat(err).toString(), 'err one\n', `cut ${cut}`);
  }
});

const splitCases: [string, Buffer[], string[]][] = [
  ['one chunk, two lines', [Buffer.from('a\nb\n')], ['a', 'b']],
  ['a line across chunks', [Buffer.from('hel'), Buffer.from('lo\nwor'), Buffer.from('ld\n')], ['hello', 'world']],
  ['no final newline', [Buffer.from('a\nlast')], ['a', 'last']],
  ['CRLF', [Buffer.from('dos\r\n')], ['dos']],
  ['empty lines kept', [Buffer.from('\n\nx\n')], ['', '', 'x']],
  ['multi-byte character split across chunks', [Buffer.from([0xe2, 0x82]), Buffer.from([0xac, 0x0a])], ['€']],
];
for (const [name, chunks, want] of splitCases) test(`lines: ${name}`, () => assert.deepEqual(lines(chunks), want));

test('lines: an over-long line is cut at maxLineBytes, in one chunk or across many', () => {
  assert.deepEqual(lines([Buffer.from(`${'y'.repeat(10)}\nok\n`)], 4), ['yyyy [... line cut at 4 bytes]', 'ok']);
  assert.deepEqual(lines([Buffer.from('yyy'), Buffer.from('yyyyyy'), Buffer.from('yy\nok\n')], 4), ['yyyy [... line cut at 4 bytes]', 'ok']);
});

test('byte tail: the last lines, a wrapped first line marked, long lines cut', () => {
  const t = new ByteTail(32);
  t.push(Buffer.from('first\nsecond\n'));
  assert.deepEqual(t.lines(10, 100), ['first', 'second']);
  for (let i = 0; i < 20; i++) t.push(Buffer.from(`line ${i}\n`));
  const got = t.lines(3, 100);
  assert.deepEqual(got, ['line 17', 'line 18', 'line 19']);
  const wrapped = t.lines(100, 100);
  assert.match(wrapped[0] ?? '', /^\[\.\.\.\] /);
  const big = new ByteTail(256);
  big.push(Buffer.from(`${'z'.repeat(1000)}\n`));
  assert.deepEqual(big.lines(5, 8), ['[...] zzzzzzzz [... line cut at 8 bytes]']);
});

test('byte tail: whole lines from two streams never mix inside a line', () => {
  const t = new ByteTail(1024);
  // stdout's long line completes after stderr's short one started and ended: lines go in whole.
  t.pushLine(Buffer.from('fatal: from stderr'), false, 100);
  t.pushLine(Buffer.from('y'.repeat(100)), true, 100);
  assert.deepEqual(t.lines(5, 100), ['fatal: from stderr', `${'y'.repeat(100)} [... line cut at 100 bytes]`]);
});

const stamps: [string, unknown][] = [
  ['1764054000.123: engine deserialized', { wallMs: 1764054000123, label: 'engine deserialized' }],
  ['  1764054000: cuda init', { wallMs: 1764054000000, label: 'cuda init' }],
  ['1764054000.5: model loaded (8388608 bytes, checksum 1)', { wallMs: 1764054000500, label: 'model loaded' }],
  ['12: too short to be a time', undefined],
  ['listening on 8000', undefined],
];
for (const [line, want] of stamps) test(`stamp: ${line}`, () => assert.deepEqual(parseStamp(line), want));
