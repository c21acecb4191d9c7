/**
 * Signing in and out, as a social worker would: Haven asks them to sign in, takes them home, lets
 * them find and open a child's record, and once they sign out the record is gone from the browser.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { buildChild, emailFor } from '../src/test/factories.ts';
import type { Child } from '../src/core/db/schema.ts';
import { screenshot, startHaven, type Haven } from './support/browser.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { HomePage } from './pages/home-page.ts';
import { FindAChildPage } from './pages/children-page.ts';
import { ChildRecordPage } from './pages/child-page.ts';
import { HavenPage } from './pages/haven-page.ts';

let haven: Haven;
let child: Child;
let page: Page;

before(async () => {
  haven = await startHaven();
  child = await buildChild(haven.test.db, haven.test.world, { firstName: 'Amelia', lastName: 'Featherstonehaugh', dateOfBirth: '2016-03-14' });
  await buildChild(haven.test.db, haven.test.world, { firstName: 'Oliver', lastName: 'Pemberton' });
  page = await haven.newPage();
});

after(async () => {
  await haven?.close();
});

test('opening Haven without signing in leads to the sign-in page', async () => {
  await page.goto('/');
  await page.waitForURL(/\/sign-in\?next=%2F$/);
  const signIn = new SignInPage(page);
  assert.equal(await signIn.heading.textContent(), SignInPage.title);
  assert.equal(await signIn.serviceNavigation.count(), 0, 'no navigation before signing in');
});

test('a social worker signs in with the form and lands on their home page', async () => {
  const signIn = new SignInPage(page);
  await signIn.signInAs('social_worker');
  const home = new HomePage(page);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await home.heading.innerText(), /Social worker home/);
  assert.match(await home.signedInAs.innerText(), /^Test social_worker \(Social worker\)$/);
  assert.equal(await home.header.locator('svg').count(), 0, 'Haven header, without the GOV.UK crown');
  assert.match(await home.header.innerText(), /Haven/);
  assert.deepEqual(await home.serviceNavigation.getByRole('link').allInnerTexts(), ['Home', 'Work tray', 'Children']);
  assert.ok(await home.signOutButton.isVisible());
  await screenshot(page, 'home');
});

test('they find a child by part of her name and open the record', async () => {
  const home = new HomePage(page);
  await home.navigateTo('Children');
  const find = new FindAChildPage(page);
  assert.equal(await find.heading.innerText(), 'Find a child');
  await find.search('feather');
  assert.equal(await find.resultCount.innerText(), '1 child found');
  assert.equal(await find.results.count(), 1);
  assert.match(await find.resultFor('Amelia Featherstonehaugh').innerText(), new RegExp(child.la_child_id));
  await find.open('Amelia Featherstonehaugh');

  const record = new ChildRecordPage(page);
  assert.equal(new URL(page.url()).pathname, `/children/${child.id}`);
  assert.equal(await record.heading.innerText(), 'Amelia Featherstonehaugh');
  assert.equal(await record.detail('Date of birth').innerText(), '14 March 2016');
  assert.equal(await record.detail('Restriction').innerText(), 'None');
  assert.equal(await record.breakGlassBanner.count(), 0);
  await screenshot(page, 'child-record');
});

test('a social worker is not offered "Who has viewed this record", and the address alone is refused', async () => {
  // Social workers hold no record.viewers grant: the link is not shown and the route refuses them.
  const record = new ChildRecordPage(page);
  assert.equal(await record.viewersLink.count(), 0);
  const response = await page.goto(`/children/${child.id}/viewers`);
  assert.equal(response?.status(), 403);
  const refused = new HavenPage(page);
  assert.equal(await refused.heading.innerText(), 'You do not have access to this');
  assert.ok(await page.getByRole('link', { name: 'Go to your home page' }).isVisible());
  await page.goBack();
  await record.heading.waitFor();
});

test('after signing out, going back or revisiting does not show the record', async () => {
  const record = new ChildRecordPage(page);
  assert.equal(await record.heading.innerText(), 'Amelia Featherstonehaugh');
  await record.signOut();
  const signIn = new SignInPage(page);
  assert.equal(await signIn.heading.innerText(), SignInPage.title);
  assert.equal(await signIn.signOutButton.count(), 0);

  await page.goBack();
  await page.waitForURL(/\/sign-in\?next=/);
  assert.equal(new URL(page.url()).searchParams.get('next'), `/children/${child.id}`);
  assert.equal(await page.getByText('Featherstonehaugh').count(), 0, 'the back button must not show the record');

  await page.goto(`/children/${child.id}`);
  await page.waitForURL(/\/sign-in\?next=/);
  assert.equal(await page.getByText('Featherstonehaugh').count(), 0, 'revisiting must not show the record');

  await page.goto('/');
  await page.waitForURL(/\/sign-in\?next=%2F$/);
});

test('a wrong password shows the GOV.UK error summary', async () => {
  const other = await haven.newPage();
  const signIn = await SignInPage.open(other);
  await signIn.signIn(emailFor('social_worker'), 'not the password');
  assert.equal(new URL(other.url()).pathname, '/sign-in');
  assert.match(await other.title(), /^Error: Sign in to Haven/);
  assert.ok(await signIn.errorSummary.isVisible());
  assert.match(await signIn.errorSummary.innerText(), /There is a problem/);
  const links = await signIn.errorSummaryLinks.all();
  assert.equal(links.length, 1);
  assert.match(await links[0]!.innerText(), /Enter a correct email address and password/);
  assert.equal(await links[0]!.getAttribute('href'), '#email');
  assert.match(await signIn.errorMessageFor(signIn.email).innerText(), /Enter a correct email address and password/);
  assert.equal(await signIn.email.inputValue(), emailFor('social_worker'), 'the email is kept');
  assert.equal(await signIn.password.inputValue(), '', 'the password is not sent back');
  // GOV.UK Frontend moves focus to the summary, so a screen reader announces it.
  await assert.doesNotReject(() => signIn.errorSummary.and(other.locator(':focus')).waitFor({ timeout: 5000 }));
});

test('signing in with the email but no password says which field to fix, next to the field', async () => {
  const other = await haven.newPage();
  const signIn = await SignInPage.open(other);
  await signIn.signIn(emailFor('social_worker'), '');
  assert.deepEqual(await signIn.errorSummaryLinks.allInnerTexts(), ['Enter your password']);
  assert.equal(await signIn.errorSummaryLinks.first().getAttribute('href'), '#password');
  assert.match(await signIn.errorMessageFor(signIn.password).innerText(), /Enter your password/);
  assert.equal(await signIn.errorMessageFor(signIn.email).count(), 0);
});
