/**
 * What every Haven page has: the Haven header, the service navigation and sign-out button for a
 * signed-in person, the page's one heading, and the GOV.UK error summary when a form went wrong.
 */
import type { Locator, Page } from 'playwright-core';

export class HavenPage {
  constructor(readonly page: Page) {}

  /** The page's main heading (there is exactly one h1 on a Haven page). */
  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** Haven's own header: the service's name, never the GOV.UK crown. */
  get header(): Locator {
    return this.page.locator('header.govuk-header');
  }

  get serviceNavigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Menu' });
  }

  get signOutButton(): Locator {
    return this.page.getByRole('button', { name: 'Sign out' });
  }

  /** The signed-in person's name and role, in the header beside "Sign out". */
  get signedInAs(): Locator {
    return this.page.locator('.haven-header__user');
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  /** The links in the error summary, one per problem, each to the field it is about. */
  get errorSummaryLinks(): Locator {
    return this.errorSummary.getByRole('link');
  }

  /** Follows a link in the service navigation. */
  async navigateTo(text: string): Promise<void> {
    await this.serviceNavigation.getByRole('link', { name: text, exact: true }).click();
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await this.page.waitForURL(/\/sign-in\?signed-out=1$/);
  }
}
