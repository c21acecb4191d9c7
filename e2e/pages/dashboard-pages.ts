/** The dashboard and the list of children behind a figure. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class DashboardPage extends HavenPage {
  static async open(page: Page): Promise<DashboardPage> {
    await page.goto('/dashboard');
    return new DashboardPage(page);
  }

  /** Chooses a reporting year (and optionally months and a team) in the filters and shows them. */
  async show(filters: { year?: string; from?: string; to?: string; team?: string }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Filters' });
    if (filters.year) await form.getByLabel('Reporting year').selectOption(filters.year);
    if (filters.from) await form.getByLabel('From').selectOption({ label: filters.from });
    if (filters.to) await form.getByLabel('To').selectOption({ label: filters.to });
    if (filters.team) await form.getByLabel('Team').selectOption({ label: filters.team });
    await Promise.all([this.page.waitForURL(/\/dashboard\?/), form.getByRole('button', { name: 'Show' }).click()]);
  }

  /** The tile whose main figure is `metric` (a contract id such as referrals.count). */
  tile(metric: string): Locator {
    return this.page.locator(`li.haven-tile[data-metric="${metric}"]`);
  }

  /** The big number on a tile, as shown. */
  async tileValue(metric: string): Promise<string> {
    // The number is the figure's first text; a screen reader's words after it are visually hidden.
    return this.tile(metric).locator(`.haven-tile__value [data-figure="${metric}"]`).evaluate((el) => (el.firstChild?.textContent ?? '').trim());
  }

  /** Follows a tile's number to the list of children behind it. */
  async openTile(metric: string): Promise<FigurePage> {
    await this.tile(metric).locator('.haven-tile__value a').click();
    await this.page.waitForURL(new RegExp(`/dashboard/figures/${metric.replace('.', '\\.')}`));
    return new FigurePage(this.page);
  }

  /** A monthly chart's section (its heading is the chart's title). */
  chart(title: string): Locator {
    return this.page.locator('section.haven-chart-section', { has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  /** Switches a chart to its table and reads it: row heading -> the row's cells. */
  async chartTable(title: string): Promise<Map<string, string[]>> {
    const section = this.chart(title);
    await section.getByRole('tab', { name: 'Table' }).click();
    const table = section.getByRole('table');
    await table.waitFor();
    const rows = new Map<string, string[]>();
    for (const row of await table.locator('tbody tr').all()) {
      const heading = (await row.locator('th').innerText()).trim();
      rows.set(heading, (await row.locator('td').allInnerTexts()).map((t) => t.trim()));
    }
    return rows;
  }
}

export class FigurePage extends HavenPage {
  /** The number of records the page says are behind the figure. */
  async total(): Promise<number> {
    return Number(await this.page.locator('[data-total]').innerText());
  }

  /** The listed records: the table's Child ID column. */
  async childIds(): Promise<string[]> {
    return (await this.page.locator('table.haven-data-table tbody tr th').allInnerTexts()).map((t) => t.trim());
  }

  async backToDashboard(): Promise<DashboardPage> {
    await this.page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await this.page.waitForURL(/\/dashboard\?/);
    return new DashboardPage(this.page);
  }
}
