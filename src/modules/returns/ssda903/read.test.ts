/**
 * The SSDA903 reader: well-formed files become typed rows; mangled files (truncated, bytes flipped,
 * not CSV, empty, a 1 MB field, duplicate or missing columns, ragged rows) give a located error,
 * never a crash or a hang.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { HeaderRow } from './model.ts';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { readSsda903Directory, readTableFile, rowFromCells, splitPlainCsv, Ssda903ReadError, type ReadProblem } from './read.ts';

const root = mkdtempSync(join(tmpdir(), 'haven-903-read-'));
after(() => rmSync(root, { recursive: true, force: true }));

const HEADER = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB';
const EPISODES = 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
let dirs = 0;

/** A directory holding the given files (name -> content). */
function directory(files: Record<string, string | Buffer>): string {
  dirs += 1;
  const dir = join(root, `d${dirs}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The problems reading a directory gives (fails the test if it reads). */
async function problemsOf(files: Record<string, string | Buffer>): Promise<ReadProblem[]> {
  try {
    await readSsda903Directory(directory(files));
  } catch (error) {
    assert.ok(error instanceof Ssda903ReadError, `expected Ssda903ReadError, got ${String(error)}`);
    assert.equal(error.code, 'SSDA903_READ');
    return error.problems;
  }
  assert.fail('expected the read to fail');
}

describe('reading well-formed files', () => {
  test('reads typed rows with file and line, dates as ISO, codes upper-cased, unknown columns ignored', async () => {
    const dir = directory({
      'header.csv': `\uFEFF${HEADER},EXTRA\n1001,f,01/02/2012,wbri,A123456789012,0,,x\n\n1002,M,1/2/2013,WIRI,,,,y\n`,
      'episodes.csv': `${EPISODES}\n1001,15/01/2024,S,C2,N1,U1,PR1,,,,N17 6AA,N15 3AB,1234567\n`,
      'uasc.csv': 'CHILD,SEX,DOB,DUC\n1002,M,01/02/2013,\n',
    });
    const ret = await readSsda903Directory(dir);
    const [girl, boy] = ret.current.header ?? [];
    assert.equal(girl?.SEX, 'F');
    assert.equal(girl?.ETHNIC, 'WBRI');
    assert.equal(girl?.DOB, '2012-02-01');
    assert.equal(girl?.MC_DOB, null);
    assert.equal(girl?.line, 2);
    assert.equal(girl?.file, 'header.csv');
    assert.equal(girl?.UASC, '0');
    // The blank line is skipped but counted.
    assert.equal(boy?.line, 4);
    assert.equal(boy?.DOB, '2013-02-01');
    assert.deepEqual(boy?.raw, { DOB: '1/2/2013' });
    assert.equal(boy?.UASC, '1');
    assert.equal(ret.current.episodes?.[0]?.DECOM, '2024-01-15');
    assert.equal(ret.current.reviews, undefined, 'absent files are absent tables');
    assert.equal(ret.previous, undefined);
  });

  test('keeps invalid dates and codes for the rules to report', async () => {
    const { rows, problems } = await readTableFile(join(directory({ 'header.csv': `${HEADER}\n1001,X,31/02/2012,??,,,\n` }), 'header.csv'), 'header');
    assert.deepEqual(problems, []);
    assert.equal((rows[0] as HeaderRow | undefined)?.DOB, null);
    assert.deepEqual(rows[0]?.raw, { DOB: '31/02/2012' });
    assert.equal((rows[0] as { SEX: string }).SEX, 'X');
  });

  test('reads quoted fields, CRLF line ends and a header-only file', async () => {
    const dir = directory({ 'header.csv': `${HEADER}\r\n"1001","F","01/02/2012","WBRI","",0,\r\n`, 'oc3.csv': 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n' });
    const ret = await readSsda903Directory(dir);
    assert.equal(ret.current.header?.[0]?.CHILD, '1001');
    assert.equal(ret.current.header?.[0]?.UPN, null);
    assert.deepEqual(ret.current.oc3, []);
  });

  test('reads last year’s files from another directory', async () => {
    const now = directory({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,,,\n` });
    const before = directory({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,,,\n` });
    const ret = await readSsda903Directory(now, { previousDir: before });
    assert.equal(ret.previous?.header?.length, 1);
  });

  test('builds a row from cells as the reader would (for returns held in memory)', () => {
    const row = rowFromCells('episodes', { CHILD: '1', DECOM: '15/01/2024', RNE: 's' });
    assert.equal(row.DECOM, '2024-01-15');
    assert.equal(row.RNE, 'S');
    assert.equal(row.DEC, null);
    assert.throws(() => rowFromCells('header', { CHILD: '1', SEX: 'F\u0000' }), /control characters/);
  });
});

describe('reading mangled files', { timeout: 20_000 }, () => {
  test('an empty file: expected a header row', async () => {
    const [problem] = await problemsOf({ 'header.csv': '' });
    assert.equal(problem?.file, 'header.csv');
    assert.match(problem?.expected ?? '', /header row naming the columns CHILD, SEX, DOB/);
  });

  test('not a CSV at all: none of the columns found', async () => {
    const [problem] = await problemsOf({ 'episodes.csv': '{"children": [1, 2, 3]}\n' });
    assert.equal(problem?.line, 1);
    assert.match(problem?.expected ?? '', /found none of them/);
  });

  test('a spreadsheet saved under a .csv name', async () => {
    const [problem] = await problemsOf({ 'header.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) });
    assert.match(problem?.expected ?? '', /zip archive/);
  });

  test('UTF-16 text', async () => {
    const [problem] = await problemsOf({ 'header.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]) });
    assert.match(problem?.expected ?? '', /UTF-16/);
  });

  test('bytes flipped: invalid UTF-8 on line 3', async () => {
    const good = Buffer.from(`${HEADER}\n1001,F,01/02/2012,WBRI,,,\n1002,F,01/02/2012,WBRI,,,\n`);
    const flipped = Buffer.from(good);
    flipped[good.indexOf('1002') + 1] = 0xc3; // starts a two-byte sequence that the next byte does not continue
    const [problem] = await problemsOf({ 'header.csv': flipped });
    assert.equal(problem?.line, 3);
    assert.match(problem?.expected ?? '', /UTF-8/);
  });

  test('a NUL byte (binary content) is located', async () => {
    const [problem] = await problemsOf({ 'header.csv': Buffer.concat([Buffer.from(`${HEADER}\n1001,F,`), Buffer.from([0]), Buffer.from(',WBRI,,,\n')]) });
    assert.equal(problem?.line, 2);
    assert.match(problem?.expected ?? '', /NUL/);
  });

  test('truncated inside a quoted field', async () => {
    const [problem] = await problemsOf({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,"A12345` });
    assert.equal(problem?.line, 2);
    assert.match(problem?.expected ?? '', /truncated/);
  });

  test('truncated mid-row: a ragged row names its line and the fields found', async () => {
    const [problem] = await problemsOf({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,,,\n1002,F,01/0` });
    assert.equal(problem?.line, 3);
    assert.equal(problem?.value, '1002,F,01/0');
    assert.match(problem?.expected ?? '', /7 fields, as in the header row, but found 3/);
  });

  test('a row with too many fields', async () => {
    const [problem] = await problemsOf({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,,,,,surplus\n` });
    assert.equal(problem?.line, 2);
    assert.match(problem?.expected ?? '', /but found 9/);
  });

  test('a 1 MB field stops at once', async () => {
    const started = Date.now();
    const problems = await problemsOf({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,${'A'.repeat(1_000_000)},,\n` });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(problems[0]?.line, 2);
    assert.match(problems[0]?.expected ?? '', /records of at most 65536 characters/);
  });

  test('an absurdly long value names its column and shows the start of it', async () => {
    const [problem] = await problemsOf({ 'header.csv': `${HEADER}\n1001,F,01/02/2012,WBRI,${'9'.repeat(500)},,\n` });
    assert.equal(problem?.column, 'UPN');
    assert.equal(problem?.value, '9'.repeat(60));
    assert.match(problem?.expected ?? '', /at most 100 characters, but found 500/);
  });

  test('duplicate header names', async () => {
    const [problem] = await problemsOf({ 'header.csv': `${HEADER},dob\n1001,F,01/02/2012,WBRI,,,,01/02/2012\n` });
    assert.equal(problem?.column, 'DOB');
    assert.match(problem?.expected ?? '', /columns 3 and 8 are both DOB/);
  });

  test('a missing required column', async () => {
    const problems = await problemsOf({ 'header.csv': 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\n1001,F,01/02/2012,WBRI,,\n' });
    assert.deepEqual(problems.map((p) => [p.line, p.column]), [[1, 'MC_DOB']]);
  });

  test('many bad rows: at most 20 problems, then the read stops', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},F`).join('\n');
    const problems = await problemsOf({ 'header.csv': `${HEADER}\n${rows}\n` });
    assert.equal(problems.length, 21);
    assert.match(problems[20]?.expected ?? '', /reading stopped here/);
  });

  test('every file’s problems are reported together, and the message names them', async () => {
    try {
      await readSsda903Directory(directory({ 'header.csv': '', 'episodes.csv': 'nonsense\n' }));
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof Ssda903ReadError);
      assert.deepEqual(error.problems.map((p) => p.file), ['header.csv', 'episodes.csv']);
      assert.match(error.message, /^header\.csv: expected a header row/m);
      assert.match(error.message, /^episodes\.csv line 1 \("NONSENSE"\): expected/m);
    }
  });

  test('a directory that does not exist', async () => {
    await assert.rejects(readSsda903Directory(join(root, 'nowhere')), (error: unknown) => error instanceof Ssda903ReadError && /a directory/.test(error.message));
  });

  test('random damage never crashes or hangs the reader', async () => {
    const good = Buffer.from(`${EPISODES}\n${Array.from({ length: 200 }, (_, i) => `${1000 + i},15/01/2024,S,C2,N1,U1,PR1,,,,N17 6AA,"N15 3AB",1234567`).join('\n')}\n`);
    let seed = 42;
    const next = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    for (let round = 0; round < 40; round += 1) {
      const damaged = Buffer.from(good.subarray(0, good.length - next(good.length / 2)));
      for (let flips = next(20); flips > 0; flips -= 1) damaged[next(damaged.length)] = next(256);
      const { problems } = await readTableFile(join(directory({ 'episodes.csv': damaged }), 'episodes.csv'), 'episodes');
      for (const problem of problems) assert.equal(problem.file, 'episodes.csv');
    }
  });
});

describe('splitPlainCsv: a file without quotes read whole', () => {
  test('gives the records csv-parse gives, whatever the line endings, blank lines and stray carriage returns', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const pieces = ['A', 'b1', '01/02/2025', '', ' x ', 'é', '\uFEFF', ',', ',', '\n', '\r\n', '\r', '\n\n', '\r\n\r\n'];
    for (let i = 0; i < 3000; i += 1) {
      let text = '';
      const length = next(40);
      for (let j = 0; j < length; j += 1) text += pieces[next(pieces.length)];
      const expected = parseCsvSync(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 65536 }) as string[][];
      assert.deepEqual(splitPlainCsv(text), expected, JSON.stringify(text));
    }
  });
});
