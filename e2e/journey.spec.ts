/**
 * One child's whole journey, recorded through the pages by their social worker: a contact, a
 * referral, an assessment with factors, a strategy discussion and Section 47 enquiry, the initial
 * conference and a plan, a review, the plan ending, becoming looked after and leaving care, with
 * the due dates and the chronology checked on the way.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHaven, expectAccessible, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { ChildJourneyPage, ChronologyPage } from './pages/journey-pages.ts';
import { buildChild } from '../src/test/factories.ts';
import { addWorkingDays } from '../src/core/calendar/index.ts';
import { addMonths } from '../src/core/dates.ts';

let haven: Haven;
let page: Page;
let childId: string;

const long = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
};

before(async () => {
  haven = await startHaven();
  const child = await buildChild(haven.test.db, haven.test.world, { firstName: 'Jordan', lastName: 'Ellery', dateOfBirth: '2014-09-12' });
  childId = child.id;
  page = (await signedIn(haven, 'social_worker')).page;
  await page.goto(`/children/${childId}`);
});
after(() => haven.close());

test('contact and referral: the assessment clock starts, 45 working days from the referral', async () => {
  const record = new ChildJourneyPage(page);
  let step = await record.record('Record a contact');
  await step.date('contactDate', '2025-04-01');
  await step.choose('source', '5A');
  await step.type('summary', 'School reports bruising and a disclosure');
  await step.save();

  step = await record.record('Record a referral');
  await expectAccessible(page, 'referral form');
  await step.date('referralDate', '2025-04-02');
  await step.choose('referralSource', '5A');
  await step.choose('primaryNeed', 'N1');
  await step.pick('referralNfa', 'no');
  await step.save();

  const clocks = await record.clocks();
  assert.deepEqual(clocks[0]?.slice(0, 2), ['Child and family assessment authorised', long(addWorkingDays('2025-04-02', 45))]);
  assert.match(clocks[0]![2]!, /Overdue by \d+ working days/);
});

test('a wrong date is refused with the GOV.UK error summary, then the assessment is started and authorised', async () => {
  const record = new ChildJourneyPage(page);
  let step = await record.record('Start a child and family assessment');
  await step.date('startDate', '2025-03-30');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('.govuk-error-summary').waitFor();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /cannot be before the referral date \(CIN rule 1103\)/);
  await expectAccessible(page, 'a step with an error');
  await step.date('startDate', '2025-04-03');
  await step.save();

  step = await record.record('Authorise the assessment');
  await step.date('authorisationDate', '2025-05-20');
  await step.pick('factors', '3A');
  await step.pick('factors', '4B');
  await step.pick('outcome', 's47');
  await step.save();
  assert.equal((await record.clocks()).some(([what]) => what === 'Child and family assessment authorised'), false, 'the assessment clock has stopped');
});

test('strategy discussion and Section 47: the ICPC falls due 15 working days from the discussion', async () => {
  const record = new ChildJourneyPage(page);
  const step = await record.record('Record a strategy discussion');
  await step.date('heldOn', '2025-05-21');
  await step.pick('decision', 's47_joint');
  await step.save();
  const icpc = (await record.clocks()).find(([what]) => what === 'Initial child protection conference');
  assert.deepEqual(icpc?.slice(0, 2), ['Initial child protection conference', long(addWorkingDays('2025-05-21', 15))]);
});

test('the initial conference makes a plan; core group and first review fall due; a review; the plan ends', async () => {
  const record = new ChildJourneyPage(page);
  let step = await record.record('Record the outcome of the Section 47 enquiry');
  await step.pick('outcome', 'substantiated_icpc');
  await step.date('icpcDate', '2025-06-06');
  await step.pick('planStarted', 'yes');
  await step.choose('category', 'NEG');
  await step.save();
  const clocks = await record.clocks();
  assert.deepEqual(clocks.find(([w]) => w === 'First core group')?.[1], long(addWorkingDays('2025-06-06', 10)));
  assert.deepEqual(clocks.find(([w]) => w === 'First review conference')?.[1], long(addMonths('2025-06-06', 3)));

  step = await record.record('Record a review conference');
  await step.date('reviewDate', '2025-08-29');
  await step.pick('continues', 'yes');
  await step.save();
  assert.deepEqual((await record.clocks()).find(([w]) => w === 'Review conference')?.[1], long(addMonths('2025-08-29', 6)));

  step = await record.record('End the plan');
  await step.date('endDate', '2025-10-01');
  await step.save();
  assert.match(await record.journey.allInnerTexts().then((t) => t.join('\n')), /Child protection plan from 6 June 2025 \(NEG\) to 1 October 2025/);
});

test('becomes looked after, has a review, then leaves care', async () => {
  const record = new ChildJourneyPage(page);
  let step = await record.record('Record that the child became looked after');
  await step.date('decom', '2025-10-02');
  await step.choose('rne', 'S');
  await step.choose('legalStatus', 'C2');
  await step.choose('place', 'U4');
  await step.choose('provider', 'PR1');
  await step.save();
  assert.deepEqual((await record.clocks()).find(([w]) => w === 'First looked-after review')?.slice(0, 1), ['First looked-after review']);

  step = await record.record('Record a looked-after review');
  await step.date('reviewDate', '2025-10-20');
  await step.save();

  step = await record.record('Record that the child left care');
  await step.date('dec', '2026-03-01');
  await step.choose('rec', 'E13');
  await step.save();
  assert.match(await record.journey.allInnerTexts().then((t) => t.join('\n')), /Looked after from 2 October 2025 \(C2, U4\) to 1 March 2026 \(E13\)/);
});

test('the chronology tells the whole story in order', async () => {
  await page.getByRole('link', { name: 'Chronology' }).click();
  const chronology = new ChronologyPage(page);
  await expectAccessible(page, 'chronology');
  assert.deepEqual(await chronology.events(), [
    ['1 April 2025', 'Contact received'],
    ['2 April 2025', 'Referral'],
    ['3 April 2025', 'Assessment started'],
    ['20 May 2025', 'Assessment authorised'],
    ['21 May 2025', 'Strategy discussion'],
    ['21 May 2025', 'Section 47 enquiry started'],
    ['6 June 2025', 'Initial child protection conference'],
    ['6 June 2025', 'Child protection plan started'],
    ['29 August 2025', 'Review child protection conference'],
    ['1 October 2025', 'Child protection plan ended'],
    ['2 October 2025', 'Became looked after'],
    ['20 October 2025', 'Looked-after review'],
    ['1 March 2026', 'Episode ended'],
  ]);
});
