/** A person's home page: what their role can do, break-glass alerts waiting, recent records. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class HomePage extends HavenPage {
  static async open(page: Page): Promise<HomePage> {
    await page.goto('/');
    return new HomePage(page);
  }

  /** The links under "What you can do". */
  get tasks(): Locator {
    return this.page.getByRole('heading', { name: 'What you can do' }).locator('xpath=following-sibling::ul[1]').getByRole('link');
  }

  /** The warning that break-glass openings await review (managers and auditors). */
  get breakGlassWarning(): Locator {
    return this.page.locator('.govuk-warning-text', { hasText: 'break-glass' });
  }
}
