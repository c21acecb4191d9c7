/**
 * Break-glass, end to end: a social worker opens a restricted record in an emergency by giving a
 * reason; their team manager sees the alert and marks it reviewed; the auditor finds the opening,
 * with its reason, in the audit trail.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChild } from '../src/test/factories.ts';
import type { Child } from '../src/core/db/schema.ts';
import { startHaven, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { FindAChildPage } from './pages/children-page.ts';
import { ChildRecordPage, RestrictedRecordPage } from './pages/child-page.ts';
import { AuditTrailPage, BreakGlassAlertsPage } from './pages/audit-pages.ts';

const REASON = 'Police have asked for an urgent strategy discussion tonight';

let haven: Haven;
let child: Child;

before(async () => {
  haven = await startHaven();
  child = await buildChild(haven.test.db, haven.test.world, { firstName: 'Rowan', lastName: 'Ashdown', restriction: 'staff_relative' });
});

after(async () => {
  await haven?.close();
});

test('a social worker opens a restricted record by giving a reason', async () => {
  const home = await signedIn(haven, 'social_worker');
  await home.navigateTo('Children');
  const find = new FindAChildPage(home.page);
  await find.search('Ashdown');
  assert.match(await find.resultFor('Rowan Ashdown').innerText(), /Restricted/);
  await find.open('Rowan Ashdown');

  const gate = new RestrictedRecordPage(home.page);
  assert.equal(await gate.heading.innerText(), RestrictedRecordPage.title);
  assert.match(await gate.warning.innerText(), /Only open this record if a child's safety depends on it now/);
  assert.equal(await home.page.getByText('Rowan Ashdown').count(), 0, 'nothing of the record shows before glass is broken');

  await gate.breakGlass(REASON);
  await home.page.waitForURL(new RegExp(`/children/${child.id}$`));
  const record = new ChildRecordPage(home.page);
  assert.equal(await record.heading.innerText(), 'Rowan Ashdown');
  assert.match(await record.breakGlassBanner.innerText(), /You opened this restricted record by break-glass/);
  assert.equal(await record.detail('Restriction').innerText(), 'staff relative');

  // The grant lasts for the session: opening the record again does not ask again.
  await ChildRecordPage.open(home.page, child.id);
  assert.equal(await record.heading.innerText(), 'Rowan Ashdown');
});

test('their team manager sees the alert and marks it reviewed', async () => {
  const home = await signedIn(haven, 'team_manager');
  assert.match(await home.breakGlassWarning.innerText(), /1 break-glass opening of a restricted record awaits your review/);
  await home.navigateTo('Break-glass alerts');

  const alerts = new BreakGlassAlertsPage(home.page);
  assert.equal(await alerts.heading.innerText(), 'Break-glass openings of restricted records');
  const alert = alerts.alertWithReason(REASON);
  assert.equal(await alert.count(), 1);
  assert.match(await alert.innerText(), /Test social_worker/);
  assert.match(await alert.innerText(), /Social worker/);

  await alerts.markReviewed(alert);
  assert.match(await alerts.alertWithReason(REASON).innerText(), /Reviewed by Test team_manager/);
  assert.equal(await alerts.alertWithReason(REASON).getByRole('button').count(), 0);
  await home.page.goto('/');
  assert.equal(await home.breakGlassWarning.count(), 0, 'nothing left to review');
});

test('the auditor finds the break-glass opening in the audit trail', async () => {
  const home = await signedIn(haven, 'auditor');
  await home.navigateTo('Audit trail');
  const audit = new AuditTrailPage(home.page);
  assert.equal(await audit.heading.innerText(), 'Audit trail');
  await audit.filter({ record: child.id, action: 'child.view' });

  const opening = audit.events.filter({ hasText: 'Break-glass' });
  // The opening and the reopening later in the session: each view under the grant, once each.
  assert.equal(await opening.count(), 2, 'each view under the grant is audited as break-glass');
  for (const row of await opening.all()) {
    const text = await row.innerText();
    assert.match(text, /Test social_worker/);
    assert.match(text, new RegExp(REASON));
    assert.match(text, /allowed/);
  }
  // The refusal before glass was broken is there too.
  assert.equal(await audit.events.filter({ hasText: 'denied' }).count(), 1);

  // The grant itself is its own event, with the reason.
  await audit.filter({ record: child.id, action: 'child.break-glass' });
  assert.equal(await audit.events.count(), 1);
  assert.match(await audit.events.first().innerText(), new RegExp(REASON));
});
