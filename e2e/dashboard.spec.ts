/**
 * The dashboard in the browser, as the performance analyst uses it: choose the reporting year,
 * read the referrals tile, check the referrals chart's table adds up to it, follow the tile to the
 * children behind it (a restricted child counted but not named) and come back with the year kept.
 * Every page is checked with axe.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startHaven, expectAccessible, screenshot, type Haven } from './support/browser.ts';
import { signedIn } from './support/people.ts';
import { DashboardPage } from './pages/dashboard-pages.ts';
import { worldFor } from '../src/modules/kpi/test-factories.ts';

let haven: Haven;
let page: Page;

before(async () => {
  haven = await startHaven();
  const { db, world } = haven.test;
  const w = worldFor(db, world.laCode);
  const children: string[] = [];
  for (const [laChildId, first, team] of [['RIA1', 'Ria', world.teams.assessment], ['SAM2', 'Sam', world.teams.childProtection], ['LEO3', 'Leo', null]] as const) {
    const id = await w.child({ laChildId });
    await db.updateTable('child').set({ first_name: first, last_name: 'Example', team_id: team }).where('id', '=', id).execute();
    children.push(id);
  }
  await db.updateTable('child').set({ restriction: 'high_profile' }).where('id', '=', children[2]!).execute();
  // 2025-26: two referrals in May, one in October, one in January; 2024-25: two.
  await w.referral(children[0]!, '2024-06-03', { closureDate: '2024-07-01' });
  await w.referral(children[1]!, '2024-09-09', { closureDate: '2024-10-01' });
  await w.referral(children[0]!, '2025-05-06');
  await w.referral(children[1]!, '2025-05-20');
  await w.referral(children[2]!, '2025-10-01');
  await w.referral(children[1]!, '2026-01-12', { nfa: true });
  page = (await signedIn(haven, 'performance_analyst')).page;
});
after(() => haven.close());

test('the analyst opens the dashboard for 2025-26 and the referrals chart’s table matches the tile', async () => {
  const home = new DashboardPage(page);
  await home.navigateTo('Dashboard');
  await expectAccessible(page, 'the dashboard');
  const dashboard = new DashboardPage(page);
  await dashboard.show({ year: '2025-26' });
  assert.equal(await dashboard.tileValue('referrals.count'), '4');
  assert.match(await dashboard.tile('referrals.count').innerText(), /100% more than 2 in 2024-25/);
  // The chart is a labelled image; its Table tab shows the same months, adding up to the tile.
  assert.equal(await dashboard.chart('Referrals').getByRole('img', { name: 'Referrals by month, 2025-26' }).count(), 1);
  const table = await dashboard.chartTable('Referrals');
  assert.deepEqual(table.get('May 2025'), ['2']);
  assert.deepEqual(table.get('Total'), [await dashboard.tileValue('referrals.count')]);
  await expectAccessible(page, 'the dashboard for 2025-26 with a chart’s table open');
  await screenshot(page, 'dashboard');
});

test('the referrals tile opens the children behind it, and the back link keeps the year', async () => {
  const dashboard = new DashboardPage(page);
  const figure = await dashboard.openTile('referrals.count');
  assert.equal(await figure.heading.innerText(), 'Referrals');
  assert.equal(await figure.total(), 4);
  const ids = await figure.childIds();
  assert.deepEqual(ids.filter((id) => id !== 'Restricted').sort(), ['RIA1', 'SAM2', 'SAM2']);
  assert.equal(ids.filter((id) => id === 'Restricted').length, 1, 'the restricted child is counted but not named');
  await expectAccessible(page, 'the children behind the referrals figure');
  const back = await figure.backToDashboard();
  assert.match(page.url(), /year=2025-26/);
  assert.equal(await back.tileValue('referrals.count'), '4');
});

test('narrowing to May shows the part of the figure in it, and the month’s children', async () => {
  const dashboard = new DashboardPage(page);
  await dashboard.show({ from: 'May 2025', to: 'May 2025' });
  assert.match(await dashboard.tile('referrals.count').innerText(), /Selected: 2/);
  const figure = await dashboard.openTile('referrals.count');
  assert.equal(await figure.total(), 2);
  await expectAccessible(page, 'the children behind the referrals figure in May');
});
