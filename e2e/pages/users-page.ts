/** The administrator's list of accounts. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class UsersPage extends HavenPage {
  static async open(page: Page): Promise<UsersPage> {
    await page.goto('/admin/users');
    return new UsersPage(page);
  }

  get accounts(): Locator {
    return this.page.getByRole('table', { name: 'People with access to Haven' }).locator('tbody tr');
  }
}
