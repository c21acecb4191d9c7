/**
 * The definitions against the contract itself: exactly its metric ids, in its order, each with a
 * title, a unit, the contract's own wording and a plain-English note generated from the same
 * conditions the SQL is built from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { KPI_DEFINITIONS, METRIC_IDS, kpiDefinition } from './definitions.ts';

const contractFile = new URL('../../../../shared/spec/kpi-definitions.md', import.meta.url);

/** The ids in the first column of the contract's metric tables, in order. */
function contractIds(markdown: string): string[] {
  const ids: string[] = [];
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1] ?? '';
    for (const match of firstCell.matchAll(/`([a-z0-9_]+\.[a-z0-9_]+)`/g)) ids.push(match[1]!);
  }
  return ids;
}

test('the metric ids are exactly the contract’s, in its order', { skip: !fs.existsSync(contractFile) && 'contract not beside the project' }, () => {
  assert.deepEqual([...METRIC_IDS], contractIds(fs.readFileSync(contractFile, 'utf8')));
});

test('one definition per id, in the same order, with title, unit, contract wording and a note', () => {
  assert.deepEqual(KPI_DEFINITIONS.map((d) => d.id), [...METRIC_IDS]);
  for (const def of KPI_DEFINITIONS) {
    assert.ok(def.title.length > 3, def.id);
    assert.ok(def.contract.length > 10, def.id);
    assert.ok(def.explanation.length > 40, def.id);
    assert.equal(kpiDefinition(def.id), def);
    const expectedUnit = def.id.includes('.by_') ? 'by' : def.id.includes('rate_per_10k') ? 'rate' : def.id.endsWith('_pct') || def.id.includes('_pct_') ? 'pct' : 'count';
    assert.equal(def.unit, expectedUnit, def.id);
  }
  assert.equal(kpiDefinition('no.such_metric'), undefined);
});

test('the notes are generated from the conditions the SQL is built from', () => {
  const note = (id: string): string => kpiDefinition(id)!.explanation;
  assert.equal(
    note('referrals.rereferral_pct'),
    'Of the referrals (CIN census episodes of need; the same child and referral date is one episode, counted once) where the referral date (CINreferralDate) is in the year (1 April to 31 March): ' +
      'the percentage where the same child has another referral (no further action ones included, from any year) dated strictly earlier and on or after the same calendar day one year earlier (29 February goes to 28 February). ' +
      '100 × those ÷ all of them, rounded half away from zero to 1 decimal place; no figure (null) when there are none.',
  );
  assert.match(note('cla.ceased'), /left out of every looked-after figure/);
  assert.match(note('cla.ceased'), /REC\) is not X1/);
  assert.match(note('assessments.within_45wd_pct'), /45 or fewer/);
  assert.match(note('cp.rate_per_10k_at_year_end'), /^cp\.plans_at_year_end per 10,000 children aged 0-17/);
  assert.match(note('care_leavers.eet_pct_17_21'), /age reached on their birthday in the year/);
  assert.match(note('assessments.by_factor'), /a code with none is left out/);
});
