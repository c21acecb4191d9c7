/** The data-quality page: the DfE's rules over Haven's records, per return, each finding's children linked. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class DataQualityPage extends HavenPage {
  static async open(page: Page, year: string): Promise<DataQualityPage> {
    await page.goto(`/data-quality?year=${year}`);
    return new DataQualityPage(page);
  }

  /** The row of a rule in the SSDA903 findings table. */
  ssda903Rule(rule: string): Locator {
    return this.page.locator('#ssda903-rules tbody tr').filter({ has: this.page.locator('td:first-child', { hasText: new RegExp(`^${rule}$`) }) });
  }

  /** Opens a rule's list of children and returns its links. */
  async childrenOf(row: Locator): Promise<Locator> {
    await row.getByText('Children', { exact: true }).click();
    return row.locator('.govuk-details__text a');
  }
}
