/** `haven validate cin-census` as councils run it: JSON findings for machines, a report for people, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cinCensusXml } from './cin/write.ts';
import { buildChild, buildHeader, episodeOf } from './cin/test-factories.ts';

const bin = new URL('../../../bin/haven.js', import.meta.url).pathname;
const run = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });

test('validate cin-census: a clean child has no findings; an assessment before its referral is rule 1103 for that child', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-validate-'));
  const good = buildChild('GOOD1');
  const bad = buildChild('BAD1');
  const assessment = episodeOf(bad).assessments[0]!;
  assessment.assessmentActualStartDate = '2025-04-01'; // before the 1 May 2025 referral
  const file = path.join(dir, 'census.xml');
  fs.writeFileSync(file, cinCensusXml(buildHeader(), [good, bad]));

  const json = await run(['validate', 'cin-census', file, '--json']);
  assert.equal(json.code, 1, 'errors found: exit 1');
  const { issues } = JSON.parse(json.stdout) as { issues: { rule: string; child: string; fields: string[]; message: string; type: string }[] };
  assert.deepEqual(issues.filter((i) => i.rule === '1103'), [{ rule: '1103', child: 'BAD1', fields: ['AssessmentActualStartDate', 'CINreferralDate'], message: 'The assessment start date cannot be before the referral date', type: 'error' }]);
  assert.equal(issues.some((i) => i.child === 'GOOD1'), false);

  const report = await run(['validate', 'cin-census', file]);
  assert.match(report.stdout, /2 children, \d+ errors/);
  assert.match(report.stdout, /1103 \(error\) The assessment start date cannot be before the referral date\n {2}1 finding/);

  fs.writeFileSync(path.join(dir, 'broken.xml'), '<Message><Header>');
  const broken = await run(['validate', 'cin-census', path.join(dir, 'broken.xml')]);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /broken\.xml.*line/);
});
