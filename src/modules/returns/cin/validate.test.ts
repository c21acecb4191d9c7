import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildChild, buildEpisode, buildHeader, episodeOf } from './test-factories.ts';
import { validateCinCensus, validateCinChildren } from './validate.ts';
import { cinCensusXml } from './write.ts';

describe('CIN census validation', () => {
  it('reports each rule once per child, in the agreed shape', () => {
    // Two episodes closed outside the census year break 8620 twice: one finding.
    const child = buildChild('C7');
    episodeOf(child).cinClosureDate = '2026-04-02';
    episodeOf(child).reasonForClosure = 'RC7';
    child.cinDetails.push(buildEpisode({ cinReferralDate: '2026-04-01', cinClosureDate: '2026-04-05', reasonForClosure: 'RC7', assessments: [] }));
    const { issues, children } = validateCinChildren(buildHeader(), [child]);
    assert.equal(children, 1);
    const found = issues.filter((issue) => issue.rule === '8620');
    assert.deepEqual(found, [
      { rule: '8620', child: 'C7', fields: ['CINclosureDate'], message: 'CIN Closure Date present and does not fall within the Census year', type: 'error' },
    ]);
  });

  it('reports both children sharing an LA child ID or a UPN', () => {
    const first = buildChild('C1');
    const second = buildChild('C2');
    const third = buildChild('C1');
    second.identifiers.upn = first.identifiers.upn;
    third.identifiers.upn = 'A201999999999';
    const { issues } = validateCinChildren(buildHeader(), [first, second, third]);
    const pairs = issues.filter((i) => i.rule === '8510' || i.rule === '1520').map((i) => `${i.rule} ${i.child}`);
    assert.deepEqual(pairs.sort(), ['1520 C1', '1520 C2', '8510 C1']);
  });

  it('puts return-level findings first, with no child', () => {
    const { issues } = validateCinChildren(buildHeader({ referenceDate: '2026-03-30' }), [buildChild()]);
    const first = issues[0];
    assert.equal(first?.child, '');
    assert.ok(issues.filter((i) => i.child === '').every((i) => ['100', '2887Q'].includes(i.rule)));
    assert.equal(issues.findIndex((i) => i.child !== ''), -1, 'the base child is clean');
  });

  it('marks queries as queries', () => {
    const child = buildChild();
    child.identifiers.formerUpn = 'bad';
    const issue = validateCinChildren(buildHeader(), [child]).issues.find((i) => i.rule === '1560Q');
    assert.equal(issue?.type, 'query');
  });

  describe('a census file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haven-cin-validate-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('is read and validated in one pass, timed', async () => {
      const children = Array.from({ length: 50 }, (_, i) => buildChild(`C${i}`));
      episodeOf(children[3] ?? buildChild()).primaryNeedCode = 'N99';
      const path = join(dir, 'census.xml');
      writeFileSync(path, cinCensusXml(buildHeader(), children));
      const result = await validateCinCensus(path);
      assert.equal(result.children, 50);
      assert.ok(result.seconds >= 0);
      assert.deepEqual(
        result.issues.filter((i) => i.child !== '').map((i) => `${i.rule} ${i.child}`),
        ['8650 C3'],
      );
      assert.deepEqual(result.warnings, []);
    });
  });
});
