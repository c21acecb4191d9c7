/**
 * Every kind of page Haven shows, checked with axe-core against WCAG 2.2 A and AA: signed out, each
 * role's home, the case pages, the restricted-record gate and its error, the auditor's and the
 * administrator's pages, and the error pages. A failure lists each rule broken and where.
 */
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLE_LABELS, ROLES, type Role } from '../src/core/policy/index.ts';
import { buildChild } from '../src/test/factories.ts';
import type { Child } from '../src/core/db/schema.ts';
import { expectAccessible, startHaven, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { HomePage } from './pages/home-page.ts';
import { FindAChildPage } from './pages/children-page.ts';
import { ChildRecordPage, RestrictedRecordPage } from './pages/child-page.ts';
import { AuditTrailPage, AuditVerifyPage, BreakGlassAlertsPage } from './pages/audit-pages.ts';
import { UsersPage } from './pages/users-page.ts';
import { HavenPage } from './pages/haven-page.ts';
import { DataQualityPage } from './pages/data-quality-page.ts';
import { importSsda903 } from '../src/modules/returns/ssda903/import.ts';
import { writeCsvReturn } from '../src/modules/returns/ssda903/test-returns.ts';

let haven: Haven;
let child: Child;
let restricted: Child;
const people = new Map<Role, HomePage>();

/** The person holding the role, signed in once for the whole file. */
async function as(role: Role): Promise<HomePage> {
  let person = people.get(role);
  if (!person) {
    person = await signedIn(haven, role);
    people.set(role, person);
  }
  return person;
}

before(async () => {
  haven = await startHaven();
  const { db, world } = haven.test;
  child = await buildChild(db, world, { firstName: 'Isla', lastName: 'Marchbanks' });
  await buildChild(db, world, { firstName: 'Isaac', lastName: 'Marchbanks', dateOfBirth: '2012-11-30' });
  restricted = await buildChild(db, world, { firstName: 'Rowan', lastName: 'Ashdown', restriction: 'staff_relative' });
  // An opening awaiting review, so the managers' pages show their table and warning.
  await db.insertInto('break_glass_alert').values({ la_code: world.laCode, user_id: world.users.social_worker.id, record_type: 'child', record_id: restricted.id, reason: 'Police strategy discussion tonight' }).execute();
});

after(async () => {
  await haven?.close();
});

test('the sign-in page', async () => {
  const page = await haven.newPage();
  const signIn = await SignInPage.open(page);
  assert.equal(await signIn.heading.innerText(), SignInPage.title);
  await expectAccessible(page, 'Sign-in page');
});

test('the sign-in page with errors', async () => {
  const page = await haven.newPage();
  const signIn = await SignInPage.open(page);
  await signIn.signIn('', '');
  assert.deepEqual(await signIn.errorSummaryLinks.allInnerTexts(), ['Enter your email address', 'Enter your password']);
  assert.match(await signIn.errorMessageFor(signIn.email).innerText(), /Enter your email address/);
  assert.match(await signIn.errorMessageFor(signIn.password).innerText(), /Enter your password/);
  await expectAccessible(page, 'Sign-in page with errors');
});

for (const role of ROLES) {
  test(`the ${ROLE_LABELS[role]} home page`, async () => {
    const home = await as(role);
    assert.match(await home.heading.innerText(), new RegExp(`^${ROLE_LABELS[role].replace(/[/]/g, '\\/')} home$`));
    await expectAccessible(home.page, `${ROLE_LABELS[role]} home page`);
  });
}

test('find a child, with results', async () => {
  const { page } = await as('social_worker');
  const find = await FindAChildPage.open(page);
  await find.search('marchbanks');
  assert.equal(await find.results.count(), 2);
  await expectAccessible(page, 'Find a child with results');
});

test('a child record', async () => {
  const { page } = await as('social_worker');
  const record = await ChildRecordPage.open(page, child.id);
  assert.equal(await record.heading.innerText(), 'Isla Marchbanks');
  await expectAccessible(page, 'Child record');
});

test('the restricted-record page, and its error when no reason is given', async () => {
  const { page } = await as('social_worker');
  await ChildRecordPage.open(page, restricted.id);
  const gate = new RestrictedRecordPage(page);
  assert.equal(await gate.heading.innerText(), RestrictedRecordPage.title);
  await expectAccessible(page, 'Restricted-record (break-glass) page');

  await gate.breakGlass('');
  assert.match(await gate.errorSummary.innerText(), /Enter why you need to open this restricted record/);
  assert.match(await gate.reasonError.innerText(), /Enter why you need to open this restricted record/);
  await expectAccessible(page, 'Restricted-record page with an error');
});

test('the data-quality page, with a finding opened to its child', async () => {
  const { db, world } = haven.test;
  // A child looked after since May 2025 with an ethnicity code the DfE does not list (SSDA903 rule 103).
  const episode = ['DQE1', '01/05/2025', 'S', 'C2', 'N1', 'U1', 'PR1', '', '', '', 'E20 5JF', 'E20 6AA', 'SC999999'];
  const dir = writeCsvReturn({ header: [['DQE1', 'F', '03/03/2012', 'XXXX', '', '', '']], episodes: [episode] });
  await importSsda903(db, world.laCode, dir, { year: '2025-26' });
  rmSync(dir, { recursive: true, force: true });
  const { page } = await as('performance_analyst');
  const quality = await DataQualityPage.open(page, '2025-26');
  assert.match(await quality.heading.innerText(), /Data quality: CIN census and SSDA903 2025-26/);
  const links = await quality.childrenOf(quality.ssda903Rule('103'));
  assert.deepEqual(await links.allInnerTexts(), ['DQE1']);
  await expectAccessible(page, 'Data quality');
});

test('the audit trail', async () => {
  const { page } = await as('auditor');
  const audit = await AuditTrailPage.open(page);
  assert.ok((await audit.events.count()) > 0);
  await expectAccessible(page, 'Audit trail');
});

test('the audit check, after running it', async () => {
  const { page } = await as('auditor');
  const verify = await AuditVerifyPage.open(page);
  await verify.check();
  assert.match(await verify.result.innerText(), /events are intact/);
  await expectAccessible(page, 'Audit check with its result');
});

test('the accounts page', async () => {
  const { page } = await as('administrator');
  const users = await UsersPage.open(page);
  assert.equal(await users.accounts.count(), ROLES.length);
  await expectAccessible(page, 'Accounts page');
});

test('the break-glass alerts', async () => {
  const { page } = await as('team_manager');
  const alerts = await BreakGlassAlertsPage.open(page);
  assert.equal(await alerts.alertWithReason('Police strategy discussion tonight').count(), 1);
  await expectAccessible(page, 'Break-glass alerts');
});

test('the page-not-found page', async () => {
  const { page } = await as('social_worker');
  const response = await page.goto('/no-such-page');
  assert.equal(response?.status(), 404);
  assert.equal(await new HavenPage(page).heading.innerText(), 'Page not found');
  await expectAccessible(page, '404 page');
});

test('the access-refused page', async () => {
  const { page } = await as('social_worker');
  const response = await page.goto('/audit');
  assert.equal(response?.status(), 403);
  assert.equal(await new HavenPage(page).heading.innerText(), 'You do not have access to this');
  await expectAccessible(page, '403 page');
});
