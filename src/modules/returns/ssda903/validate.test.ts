/**
 * Validating a return end to end: a directory of CSV files in, issues out in the shape
 * `haven validate --json` prints, with the rules that could not run named.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { postcodeLine } from './postcodes.ts';
import { Ssda903ReadError } from './read.ts';
import { buildReturn } from './rules/testing.ts';
import { validateSsda903Directory, validateSsda903Return } from './validate.ts';

const root = mkdtempSync(join(tmpdir(), 'haven-903-validate-'));
after(() => rmSync(root, { recursive: true, force: true }));

function directory(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

const files = {
  'header.csv': ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB', '1001,F,15/06/2012,WBRI,A123456789012,0,', '1002,X,15/06/2012,WBRI,B123456789012,,', ',M,01/01/2010,WBRI,C123456789012,,'].join('\n'),
  'episodes.csv': [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
    '1001,15/01/2024,S,C2,N1,U1,PR1,,,,N17 6AA,N15 3AB,1234567',
    '1002,15/01/2024,S,C2,N1,U1,PR1,01/02/2026,,,N17 6AA,N15 3AB,1234567',
    '1002,01/02/2026,S,C9,N1,U1,PR1,,,,N17 6AA,N15 3AB,1234567',
  ].join('\n'),
};

test('finds issues in the exact output shape, one per rule and child, rows with no CHILD belonging to no child', async () => {
  const result = await validateSsda903Directory(directory('basic', files), { collectionYear: '2025-26', laGss: 'E09000014', postcodesFile: join(root, 'none') }).catch(
    (error: unknown) => error,
  );
  // A postcode file that does not exist is an error, not a silent skip.
  assert.ok(result instanceof Error);

  const { issues, children, episodes, skipped, findings } = await validateSsda903Directory(directory('again', files), { collectionYear: '2025-26', laGss: 'E09000014' });
  assert.equal(children, 2);
  assert.equal(episodes, 3);
  const sex = issues.filter((issue) => issue.rule === '101');
  assert.deepEqual(sex, [
    { rule: '101', child: '1002', fields: ['SEX'], message: 'The child or young person’s reported sex is not valid.', type: 'error' },
  ]);
  for (const issue of issues) assert.deepEqual(Object.keys(issue), ['rule', 'child', 'fields', 'message', 'type']);
  // INT32 is not raised for the blank CHILD, but the header row with no CHILD fails EPI as no child's.
  assert.ok(issues.some((issue) => issue.rule === 'EPI' && issue.child === ''));
  // 144 (legal status C9) and 148 (DEC without REC) for 1002, once each although found on a row each.
  assert.equal(issues.filter((issue) => issue.rule === '144' && issue.child === '1002').length, 1);
  assert.ok(issues.some((issue) => issue.rule === '148' && issue.child === '1002'));
  assert.ok(findings.some((f) => f.rule === '144' && f.file === 'episodes.csv' && f.line === 4));
  // Without a postcode lookup or last year's files, the rules that need them are named as skipped.
  assert.deepEqual(skipped.find((s) => s.rule === '392c'), { rule: '392c', reason: 'needs a postcode lookup (set HAVEN_POSTCODES_FILE)' });
  assert.deepEqual(skipped.find((s) => s.rule === '502'), { rule: '502', reason: 'needs last year’s episodes.csv' });
  assert.deepEqual(skipped.find((s) => s.rule === '1008'), { rule: '1008', reason: 'needs Ofsted’s children’s homes and social care providers lists' });
  assert.ok(!skipped.some((s) => s.rule === '101'));
});

test('runs the postcode rules with the lookup named by HAVEN_POSTCODES_FILE', async () => {
  const lookup = join(root, 'postcodes.txt');
  writeFileSync(lookup, postcodeLine('N153AB', { easting: 532600, northing: 189000, laua: 'E09000014' }) + postcodeLine('N176AA', { easting: 533900, northing: 190000, laua: 'E09000014' }));
  const before = process.env.HAVEN_POSTCODES_FILE;
  process.env.HAVEN_POSTCODES_FILE = lookup;
  try {
    const { skipped, issues } = await validateSsda903Directory(directory('postcodes', files), { collectionYear: '2025-26', laGss: 'E09000014' });
    assert.ok(!skipped.some((s) => s.rule === '392c'));
    assert.ok(!issues.some((issue) => issue.rule === '392c'));
  } finally {
    if (before === undefined) delete process.env.HAVEN_POSTCODES_FILE;
    else process.env.HAVEN_POSTCODES_FILE = before;
  }
});

test('a return that cannot be read rejects with the located problems', async () => {
  await assert.rejects(
    validateSsda903Directory(directory('broken', { 'header.csv': 'CHILD,SEX\n1,F\n' }), { collectionYear: '2025-26' }),
    (error: unknown) => error instanceof Ssda903ReadError && error.problems.some((p) => p.column === 'DOB'),
  );
});

test('validates a return held in memory, optionally only some rules; refuses an unknown year', () => {
  const ret = buildReturn([{ id: 'A', header: { SEX: 'X', ETHNIC: 'XXXX' } }]);
  const all = validateSsda903Return(ret, { collectionYear: '2025-26', laGss: 'E09000014' });
  assert.deepEqual(all.issues.map((issue) => issue.rule).sort(), ['101', '103']);
  const some = validateSsda903Return(ret, { collectionYear: '2025-26', only: ['103'] });
  assert.deepEqual(some.issues.map((issue) => issue.rule), ['103']);
  assert.throws(() => validateSsda903Return(ret, { collectionYear: '2024-25' }), /No SSDA903 rule set for 2024-25/);
});
