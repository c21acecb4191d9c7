/**
 * Permanence through the pages: a looked-after child's social worker records the decision to place
 * for adoption and the AD1 details (first with a legal status that does not fit the adopters, which
 * the error summary names), then, for a young person who left care, the year's care leaver record
 * with the pathway plan. Each form is checked with axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHaven, expectAccessible, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { ChildJourneyPage } from './pages/journey-pages.ts';
import { buildChild } from '../src/test/factories.ts';
import type { Child } from '../src/core/db/schema.ts';

let haven: Haven;
let page: Page;
let child: Child;
let leaver: Child;

before(async () => {
  haven = await startHaven();
  const { db, world } = haven.test;
  child = await buildChild(db, world, { firstName: 'Milo', lastName: 'Fairbairn', dateOfBirth: '2021-02-14' });
  leaver = await buildChild(db, world, { firstName: 'Rhiannon', lastName: 'Vale', dateOfBirth: '2007-05-20' });
  // Both have been looked after (recorded through the journey pages elsewhere; here the history is given).
  await db.insertInto('la_episode').values({ la_code: world.laCode, child_id: child.id, decom: '2024-01-10', rne: 'S', legal_status: 'C2', place: 'U4', place_provider: 'PR1' }).execute();
  await db.insertInto('la_episode').values({ la_code: world.laCode, child_id: leaver.id, decom: '2021-03-01', rne: 'S', legal_status: 'C2', place: 'U4', place_provider: 'PR1', dec: '2025-05-20', rec: 'E17' }).execute();
  page = (await signedIn(haven, 'social_worker')).page;
});
after(() => haven.close());

test('the decision to place for adoption and the AD1 details, refused once with the rule named', async () => {
  await page.goto(`/children/${child.id}`);
  const record = new ChildJourneyPage(page);
  let step = await record.record('Record a decision to place for adoption');
  await expectAccessible(page, 'decision to place for adoption');
  await step.date('datePlaced', '2024-02-01');
  await step.save();

  step = await record.record('Record adoption details (AD1)');
  await expectAccessible(page, 'adoption details');
  await step.date('dateInt', '2024-03-01');
  await step.date('dateMatch', '2024-06-01');
  await step.pick('fosterCare', 'no');
  await step.pick('numberAdopters', '2');
  await step.choose('sexAdopters', 'FF');
  await step.choose('legalStatusAdopters', 'L11');
  await step.saveExpectingErrors();
  assert.deepEqual(await step.errorSummaryLinks.allInnerTexts(), ['Legal status of the adopters does not fit their sex (FF): it needs MF (SSDA903 rule 520)']);
  assert.equal(await step.errorSummaryLinks.first().getAttribute('href'), '#legalStatusAdopters');
  await expectAccessible(page, 'adoption details, with an error');
  // The answers are kept; the worker corrects the legal status.
  await step.choose('legalStatusAdopters', 'L12');
  await step.save();
  assert.match(await page.getByTestId('adoption').innerText(), /Decision to place for adoption 1 February 2024\s*Should be placed for adoption 1 March 2024, matched 1 June 2024 \(2 adopters, FF, L12\)/);
});

test('a care leaver’s year: in touch, activity, accommodation and pathway plan', async () => {
  await page.goto(`/children/${leaver.id}`);
  const record = new ChildJourneyPage(page);
  const step = await record.record('Record care leaver information');
  await expectAccessible(page, 'care leaver form');
  await step.type('year', '2025-26');
  await step.choose('inTouch', 'YES');
  await step.saveExpectingErrors();
  assert.deepEqual(await step.errorSummaryLinks.allInnerTexts(), [
    'Select the main activity: the young person is in touch (SSDA903 rule 345)', 'Select the accommodation: the young person is in touch (SSDA903 rule 345)',
  ]);
  await step.choose('activity', 'F4');
  await step.choose('accommodation', 'R1');
  await step.date('pathwayPlanDate', '2025-06-30');
  await step.save();
  const row = await page.getByTestId('care-leaver').locator('tbody tr').first().locator('td').allInnerTexts();
  assert.deepEqual(row.map((c) => c.trim()), ['2025-26', 'YES', 'F4', 'R1', '30 June 2025']);
  await expectAccessible(page, 'child record with care leaver information');
});
