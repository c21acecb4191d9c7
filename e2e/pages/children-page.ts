/** Find a child: search by name, LA child ID or date of birth, and a table of results. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class FindAChildPage extends HavenPage {
  static async open(page: Page): Promise<FindAChildPage> {
    await page.goto('/children');
    return new FindAChildPage(page);
  }

  get searchBox(): Locator {
    return this.page.getByLabel('Name, date of birth, NHS number, UPN, postcode or LA child ID');
  }

  /** "1 child found", "3 children found". */
  get resultCount(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /found$/ });
  }

  get results(): Locator {
    return this.page.getByRole('table', { name: 'Children matching your search' }).locator('tbody tr');
  }

  resultFor(name: string): Locator {
    return this.results.filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async search(query: string): Promise<void> {
    await this.searchBox.fill(query);
    await this.page.getByRole('button', { name: 'Search' }).click();
    await this.resultCount.waitFor();
  }

  /** Opens a child's record from the results. */
  async open(name: string): Promise<void> {
    await this.page.getByRole('link', { name, exact: true }).click();
    await this.page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
  }
}
