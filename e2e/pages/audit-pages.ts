/** The auditor's and managers' pages: the audit trail, its integrity check, break-glass alerts. */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class AuditTrailPage extends HavenPage {
  static async open(page: Page): Promise<AuditTrailPage> {
    await page.goto('/audit');
    return new AuditTrailPage(page);
  }

  get events(): Locator {
    return this.page.locator('table.govuk-table tbody tr');
  }

  async filter(criteria: { person?: string; record?: string; action?: string }): Promise<void> {
    if (criteria.person !== undefined) await this.page.getByLabel('Person (email)').fill(criteria.person);
    if (criteria.record !== undefined) await this.page.getByLabel('Record ID').fill(criteria.record);
    if (criteria.action !== undefined) await this.page.getByLabel('Action', { exact: true }).fill(criteria.action);
    await this.page.getByRole('button', { name: 'Filter' }).click();
    await this.page.waitForLoadState('load');
  }
}

export class AuditVerifyPage extends HavenPage {
  static async open(page: Page): Promise<AuditVerifyPage> {
    await page.goto('/audit/verify');
    return new AuditVerifyPage(page);
  }

  /** The success banner after a check. */
  get result(): Locator {
    return this.page.locator('.govuk-notification-banner, .govuk-error-summary');
  }

  async check(): Promise<void> {
    await this.page.getByRole('button', { name: 'Check the audit trail now' }).click();
    await this.result.waitFor();
  }
}

export class BreakGlassAlertsPage extends HavenPage {
  static async open(page: Page): Promise<BreakGlassAlertsPage> {
    await page.goto('/break-glass');
    return new BreakGlassAlertsPage(page);
  }

  get alerts(): Locator {
    return this.page.getByRole('table', { name: 'Break-glass openings' }).locator('tbody tr');
  }

  /** The alert whose reason contains the text. */
  alertWithReason(reason: string): Locator {
    return this.alerts.filter({ hasText: reason });
  }

  async markReviewed(alert: Locator): Promise<void> {
    // The button's accessible name says whose opening it is: "Mark reviewed the opening by …".
    await alert.getByRole('button', { name: /^Mark reviewed/ }).click();
    await this.page.waitForURL(/\/break-glass$/);
  }
}
