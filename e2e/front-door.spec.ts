/**
 * The front door, end to end in the browser: a school tells the hub about a child through the
 * portal; the MASH manager rates the contact Red and asks the police and health what they know;
 * both answer from their own research pages; the manager finds the child's record and decides on a
 * strategy discussion, which is held with social care, police and health and decides on a Section 47
 * enquiry; the school sees the outcome; and the daily huddle follows the contact through.
 * Every page is checked with axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHaven, expectAccessible, screenshot, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { ContactPage, FrontDoorForm, HuddlePage, PortalPage, QueuePage, ResearchPages } from './pages/front-door-pages.ts';
import { TEST_PASSWORD } from '../src/test/factories.ts';
import { londonDateOf } from '../src/core/calendar/index.ts';

let haven: Haven;
let school: Page;
let manager: Page;
let reference: string;
const people: Record<'police' | 'health', string> = { police: '', health: '' };

/** Signs in a further account by its email, in a new browser context. */
async function signedInAs(email: string): Promise<Page> {
  const page = await haven.newPage();
  await (await SignInPage.open(page)).signIn(email, TEST_PASSWORD);
  return page;
}

before(async () => {
  haven = await startHaven();
  const { db, world } = haven.test;
  const health = (await db.insertInto('agency').values({ la_code: world.laCode, name: 'Health board', agency_type: 'health' }).returning('id').executeTakeFirstOrThrow()).id;
  // Hub staff of the police and of health, who answer research for their own agency.
  for (const [who, agency] of [['police', world.agencies.police], ['health', health]] as const) {
    people[who] = `${who}-researcher@309.test`;
    await db.insertInto('app_user').values({
      la_code: world.laCode, email: people[who], display_name: `${who === 'police' ? 'Police' : 'Health'} researcher`, role: 'mash_practitioner', agency_id: agency,
      team_id: null, password_hash: world.users.social_worker.password_hash, oidc_issuer: null, oidc_subject: null,
    }).execute();
  }
  school = (await signedIn(haven, 'partner_practitioner')).page;
  manager = (await signedIn(haven, 'mash_manager')).page;
});
after(() => haven.close());

test('a school tells the hub about a child through the portal', async () => {
  const portal = await PortalPage.open(school);
  await expectAccessible(school, 'the portal');
  const form = await portal.tellTheHub();
  await expectAccessible(school, 'the portal contact form');
  // Sending it empty shows the GOV.UK error summary.
  await form.submit('Send to the hub');
  assert.match(await form.errorSummary.innerText(), /Enter the child’s first name/);
  await expectAccessible(school, 'the portal contact form with errors');
  await form.fill('Role (optional)', 'Designated safeguarding lead');
  await form.fill('Phone number', '01632 960001');
  await form.fill('First name', 'Jamie');
  await form.fill('Last name', 'Fenwick');
  await form.date('childDateOfBirth', '2015-09-14');
  await form.fill('School or setting (optional)', 'Hill Primary');
  await form.fill('What are you worried about?', 'Jamie arrived with a burn on his arm and said his mum’s boyfriend did it with a lighter.');
  await form.choose('No, the family does not know');
  await form.choose('Consent not required');
  await form.fill('Why consent was not sought or is not required', 'Reasonable cause to suspect significant harm.');
  await form.submit('Send to the hub');
  reference = (await new PortalPage(school).page.locator('.govuk-panel__body strong').innerText()).trim();
  assert.match(reference, /^MASH-\d{6}$/);
  await expectAccessible(school, 'the contact sent page');
});

test('the huddle shows the new contact waiting, not yet rated', async () => {
  const huddle = await HuddlePage.open(manager);
  assert.equal(await huddle.figure('queue-unrated'), 1);
  assert.deepEqual((await huddle.period(1)).slice(0, 3), [1, 0, 0]);
  await expectAccessible(manager, 'the huddle');
});

test('the MASH manager rates it Red and asks the police and health for what they know', async () => {
  const queue = await QueuePage.open(manager);
  await expectAccessible(manager, 'the front door queue');
  const contact = await queue.openContact(reference);
  await expectAccessible(manager, 'the contact page');

  const screening = await contact.follow('Screen the contact');
  await expectAccessible(manager, 'the screening form');
  await screening.choose('Red');
  await screening.choose('Level 4: acute or specialist (s47, s20, s31)');
  await screening.choose('Consent not required', 'Consent to share information');
  await screening.fill('Why consent was refused, not sought or is not required', 'Suspected significant harm: a burn inflicted by an adult.');
  await screening.choose('Children Act 1989 section 47: reasonable cause to suspect significant harm');
  await screening.choose('As the manager, I authorise sharing information without consent');
  await screening.submit('Save the screening');
  assert.match(await contact.status.innerText(), /Red/);

  for (const agency of ['Police', 'Health board']) {
    const ask = await contact.follow('Ask an agency for information');
    await expectAccessible(manager, 'the research request form');
    await ask.select('Agency', agency);
    await ask.submit('Send the request');
  }
  assert.equal(await contact.research.count(), 2);
  assert.match(await contact.research.first().innerText(), /Awaited/);
});

test('the police and health each answer from their own research page', async () => {
  const answers = { police: 'Police attended the address twice in March for domestic abuse; the boyfriend has a caution for assault.', health: 'Jamie missed his last two GP appointments; the health visitor closed the case in 2022.' };
  for (const who of ['police', 'health'] as const) {
    const page = await signedInAs(people[who]);
    const research = await ResearchPages.open(page);
    await expectAccessible(page, `research requests for ${who}`);
    assert.equal(await page.locator('[data-testid="research-requests"] tbody tr').count(), 1, `${who} sees only its own agency’s request`);
    await research.openRequest(reference);
    await expectAccessible(page, `the research answer form for ${who}`);
    await research.send(answers[who]);
    assert.match(await page.locator('body').innerText(), /No request is waiting for an answer/);
  }
  await manager.reload();
  const text = await new ContactPage(manager).page.locator('[data-testid="research"]').innerText();
  assert.match(text, /Police attended the address twice/);
  assert.match(text, /missed his last two GP appointments/);
});

test('the manager finds the child’s record and decides on a strategy discussion', async () => {
  const contact = new ContactPage(manager);
  await contact.follow('Find the child’s record, or create one');
  await expectAccessible(manager, 'finding the child’s record');
  await new FrontDoorForm(manager).submit('None of these: create a new record for the child');
  assert.match(await manager.locator('[data-testid="matched-child"]').innerText(), /Jamie Fenwick/);

  const decision = await contact.follow('Decide on the contact');
  await expectAccessible(manager, 'the decision form');
  await decision.choose('Strategy discussion (section 47)');
  await decision.fill('Reasons for the decision', 'An inflicted burn on a 10-year-old; police history of domestic abuse by the same adult.');
  await decision.fill('What to tell the referrer (optional)', 'A strategy discussion is being held today. Please keep Jamie in school until a social worker arrives.');
  await decision.submit('Record the decision');
  assert.match(await contact.status.innerText(), /Decided: Strategy discussion \(section 47\)/);
  await expectAccessible(manager, 'the decided contact');
  await screenshot(manager, 'front-door-contact');
});

test('the strategy discussion is held with social care, police and health, and decides on Section 47', async () => {
  const contact = new ContactPage(manager);
  const form = await contact.follow('Record the strategy discussion');
  await expectAccessible(manager, 'the strategy discussion form');
  const attendees: [string, string, string][] = [['Sara Social', 'Council', 'Social worker'], ['DS Pike', 'Police', 'Detective sergeant'], ['Dr Patel', 'Health board', 'Named doctor']];
  for (const [i, [name, agency, role]] of attendees.entries()) {
    await manager.locator(`#attendee${i}Name`).fill(name);
    await manager.locator(`#attendee${i}Agency`).selectOption({ label: agency });
    await manager.locator(`#attendee${i}Role`).fill(role);
  }
  await form.choose('Section 47 enquiry, joint with the police');
  await form.choose('Inform the parents later (say when and why)');
  await form.fill('When the parents will be told, or why not', 'After the joint visit this afternoon, so the boyfriend is not alerted first.');
  await form.fill('Safety plan', 'Jamie stays in school until the joint visit; his grandmother will collect him.');
  await manager.locator('#action0Text').fill('Joint visit and child protection medical');
  await manager.locator('#action0Owner').fill('Sara Social and DS Pike');
  await form.submit('Save and share with the attendees');
  await manager.getByRole('heading', { level: 1, name: /Strategy discussion on/ }).waitFor();
  assert.equal(await manager.locator('.govuk-warning-text').count(), 0, 'social care, police and health all attended');
  assert.match(await manager.locator('body').innerText(), /Section 47 enquiry, joint with the police/);
  assert.equal(await manager.locator('[data-testid="attendees"] tbody tr').count(), 3);
  await expectAccessible(manager, 'the strategy discussion record');
  await screenshot(manager, 'front-door-strategy-discussion');
  const s47 = await haven.test.db.selectFrom('s47_enquiry').select('start_date').executeTakeFirstOrThrow();
  assert.equal(s47.start_date, londonDateOf(new Date()));
});

test('the school sees the outcome of its contact, and nothing else', async () => {
  const portal = await PortalPage.open(school);
  assert.match(await portal.outcomeOf(reference).innerText(), /Strategy discussion \(section 47\)/);
  await school.getByRole('link', { name: reference }).click();
  const text = await school.locator('main').innerText();
  assert.match(text, /Please keep Jamie in school until a social worker arrives/);
  assert.doesNotMatch(text, /Police attended the address/, 'the research stays in the hub');
  assert.doesNotMatch(text, /Red/, 'the rating stays in the hub');
  await expectAccessible(school, 'the outcome in the portal');
});

test('the huddle follows it through: decided today within the clock, nothing awaited', async () => {
  const huddle = await HuddlePage.open(manager);
  assert.equal(await huddle.figure('queue-red'), 0);
  assert.equal(await huddle.figure('research-awaited'), 0);
  assert.equal(await huddle.figure('decision-overdue'), 0);
  // Today: received 1, rated Red 1, decided 1, within 1 working day 1.
  assert.deepEqual((await huddle.period(1)).slice(0, 4), [1, 1, 1, 1]);
  assert.equal(await manager.getByRole('button', { name: 'Pause updates' }).count(), 1);
  await expectAccessible(manager, 'the huddle after the decision');
  await screenshot(manager, 'front-door-huddle');
});
