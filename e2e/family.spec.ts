/**
 * A social worker records the people around a child through the pages: the child's mother (after
 * a form with problems), her brother from his own record and a former name; the family tree and the
 * household read back; the team manager then reallocates the case; and a child in need plan and an
 * early help episode for the family are started from the record. Every page is checked with axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHaven, expectAccessible, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { FamilyPage, PersonForm } from './pages/family-pages.ts';
import { ChildJourneyPage } from './pages/journey-pages.ts';
import { buildChild } from '../src/test/factories.ts';
import type { Child } from '../src/core/db/schema.ts';

let haven: Haven;
let page: Page;
let child: Child;
let brother: Child;

before(async () => {
  haven = await startHaven();
  child = await buildChild(haven.test.db, haven.test.world, { firstName: 'Nia', lastName: 'Holloway', dateOfBirth: '2015-03-04' });
  brother = await buildChild(haven.test.db, haven.test.world, { firstName: 'Theo', lastName: 'Holloway', dateOfBirth: '2012-10-20' });
  page = (await signedIn(haven, 'social_worker')).page;
  await page.goto(`/children/${child.id}`);
});
after(() => haven.close());

test('the mother is added after the form names what is missing; the household shows her', async () => {
  await page.getByRole('link', { name: 'Family tree and household, add or change people' }).click();
  const family = new FamilyPage(page);
  await expectAccessible(page, 'family page, empty');
  let form = await family.follow('Add a family member, carer or professional');
  await expectAccessible(page, 'add a person');
  await form.submit();
  assert.deepEqual(await form.errorSummaryLinks.allInnerTexts(), [
    'Select how this person is related to the child', 'Enter the person’s first name or last name',
    'Select whether this person lives with the child', 'Select whether this person has parental responsibility for the child',
  ]);
  await expectAccessible(page, 'add a person, with errors');
  // The error summary takes the worker to the field.
  await form.errorSummaryLinks.first().click();
  await page.locator('#relationship:focus').waitFor({ timeout: 5000 });

  form = new PersonForm(page);
  await form.select('Relationship to the child', 'Mother');
  await form.fill('First name', 'Grace');
  await form.fill('Last name', 'Holloway');
  await form.date('Date of birth (optional)', '1989-08-14');
  await form.answer('Does this person live with the child?', 'Yes');
  await form.answer('Does this person have parental responsibility for the child?', 'Yes');
  await form.submit();
  assert.deepEqual(await family.household(), [['Grace Holloway', 'Mother', '14 August 1989', 'Yes']]);
});

test('her brother is linked from his own record, and the family tree puts him in her generation', async () => {
  const family = new FamilyPage(page);
  const form = await family.follow('Link a brother, sister or cousin who has a record');
  await expectAccessible(page, 'link a sibling');
  await form.fill('LA child ID of the other child', brother.la_child_id);
  await form.answer('How are the children related?', 'Brother or sister');
  await form.answer('Do the children live together?', 'Yes');
  await form.submit('Link the records');
  assert.deepEqual((await family.household()).map((r) => r[0]), ['Grace Holloway', 'Theo Holloway']);
  assert.match(await family.generation('The child’s generation').innerText(), /Theo Holloway, brother or sister\s*\(LA child ID [^)]+\)\s*Lives with the child/);
  assert.match(await family.generation('Parents and their generation').innerText(), /Grace Holloway, mother\s*Lives with the child\s*Parental responsibility/);
  await expectAccessible(page, 'family page with a household');
});

test('a former name is added, shown on the record, and search finds her by it', async () => {
  const family = new FamilyPage(page);
  const form = await family.follow('Add a former name');
  await expectAccessible(page, 'add a former name');
  await form.fill('Former first name', 'Nia');
  await form.fill('Former last name', 'Castellano');
  await form.date('Date the name stopped being used (optional)', '2019-09-01');
  await form.submit();
  const names = await family.formerNames.allInnerTexts();
  assert.equal(names.length, 1);
  assert.match(names[0]!, /^Nia Castellano, used until 1 September 2019\s+Change/);
  await page.goto('/children?q=Nia+Castelano');
  assert.ok(await page.getByRole('link', { name: /Nia Holloway/ }).count() > 0, 'a misspelt former name finds her');
});

test('the team manager reallocates the case; the record shows the new worker', async () => {
  const manager = (await signedIn(haven, 'team_manager')).page;
  await manager.goto(`/children/${child.id}`);
  await manager.getByRole('link', { name: 'Reallocate this case' }).click();
  await expectAccessible(manager, 'allocation');
  await manager.getByLabel('Test social_worker').check();
  await manager.getByRole('button', { name: 'Allocate' }).click();
  await manager.waitForURL(/\/children\/[0-9a-f-]+$/);
  const allocated = manager.locator('.govuk-summary-list__row', { has: manager.locator('dt', { hasText: 'Allocated to' }) }).locator('dd').first();
  assert.equal((await allocated.innerText()).trim(), 'Test social_worker');
});

test('a referral, a child in need plan and early help for the family are recorded from the record', async () => {
  await page.goto(`/children/${child.id}`);
  const record = new ChildJourneyPage(page);
  let step = await record.record('Record a referral');
  await step.date('referralDate', '2025-04-02');
  await step.choose('referralSource', '5A');
  await step.choose('primaryNeed', 'N1');
  await step.pick('referralNfa', 'no');
  await step.save();

  step = await record.record('Start a child in need plan');
  await expectAccessible(page, 'start a child in need plan');
  await step.date('startDate', '2025-05-01');
  await step.save();
  assert.match((await record.journey.allInnerTexts()).join('\n'), /Child in need plan from 1 May 2025/);

  step = await record.record('Start an early help episode');
  await step.date('startDate', '2025-06-01');
  await step.type('leadProfessional', 'Sam Patel, family support worker');
  await step.choose('leadAgency', haven.test.world.agencies.school);
  await page.getByLabel(/Theo Holloway/).check();
  await expectAccessible(page, 'start early help');
  await step.save();
  assert.match(await page.getByTestId('early-help').innerText(), /From 1 June 2025: lead professional Sam Patel, family support worker \(School\)\s*With Theo Holloway/);
  await expectAccessible(page, 'child record with family, plans and early help');
});
