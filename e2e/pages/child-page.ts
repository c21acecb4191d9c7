/**
 * A child's record, and the page that stands in front of a restricted record: the warning, and the
 * form asking why the person needs to open it (break-glass).
 */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class ChildRecordPage extends HavenPage {
  static async open(page: Page, childId: string): Promise<ChildRecordPage> {
    await page.goto(`/children/${childId}`);
    return new ChildRecordPage(page);
  }

  /** The value of a row of the summary list, for example "Date of birth". */
  detail(key: string): Locator {
    return this.page.locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) }).locator('dd');
  }

  get viewersLink(): Locator {
    return this.page.getByRole('link', { name: 'Who has viewed this record' });
  }

  /** The notification banner saying the record was opened by break-glass. */
  get breakGlassBanner(): Locator {
    return this.page.getByRole('region', { name: 'Restricted record' });
  }
}

export class RestrictedRecordPage extends HavenPage {
  static readonly title = 'This record is restricted';

  get warning(): Locator {
    return this.page.locator('.govuk-warning-text');
  }

  get reason(): Locator {
    return this.page.getByLabel('Why do you need to open this record?');
  }

  get reasonError(): Locator {
    return this.page.locator('#reason-error');
  }

  async breakGlass(reason: string): Promise<void> {
    await this.reason.fill(reason);
    await this.page.getByRole('button', { name: 'Open the record' }).click();
    await this.page.waitForLoadState('load');
  }
}
