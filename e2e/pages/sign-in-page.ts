/** The sign-in page: email address and password, with GOV.UK error messages. */
import type { Locator, Page } from 'playwright-core';
import { emailFor, TEST_PASSWORD } from '../../src/test/factories.ts';
import type { Role } from '../../src/core/policy/index.ts';
import { HavenPage } from './haven-page.ts';

export class SignInPage extends HavenPage {
  static readonly title = 'Sign in to Haven';

  static async open(page: Page): Promise<SignInPage> {
    await page.goto('/sign-in');
    return new SignInPage(page);
  }

  get email(): Locator {
    return this.page.getByLabel('Email address');
  }

  get password(): Locator {
    return this.page.getByLabel('Password', { exact: true });
  }

  get submit(): Locator {
    return this.page.getByRole('button', { name: 'Sign in' });
  }

  /** The GOV.UK error message shown with a field: the text after its visually hidden "Error:". */
  errorMessageFor(field: Locator): Locator {
    return this.page.locator('.govuk-form-group--error', { has: field }).locator('.govuk-error-message');
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
    await this.page.waitForLoadState('load');
  }

  /** Signs in as the test partnership's account for the role. */
  async signInAs(role: Role): Promise<void> {
    await this.signIn(emailFor(role), TEST_PASSWORD);
  }
}
