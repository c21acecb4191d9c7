/**
 * The front door's pages as people use them: the partner portal, the hub's queue and contact page,
 * screening, research, finding the child, the decision, the strategy discussion and the huddle.
 */
import type { Locator, Page } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

/** Shared by the front door's GOV.UK forms: fill by label, pick radios, type dates. */
export class FrontDoorForm extends HavenPage {
  async fill(label: string, text: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(text);
  }

  /** Checks the radio or checkbox with this label (within the named fieldset when given). */
  async choose(label: string, fieldset?: string): Promise<void> {
    const scope = fieldset ? this.page.getByRole('group', { name: fieldset }) : this.page;
    await scope.getByLabel(label, { exact: true }).check();
  }

  async select(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** Types a date into a GOV.UK date input by its id prefix. */
  async date(id: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-');
    await this.page.locator(`#${id}-day`).fill(String(Number(d)));
    await this.page.locator(`#${id}-month`).fill(String(Number(m)));
    await this.page.locator(`#${id}-year`).fill(y!);
  }

  async submit(button: string): Promise<void> {
    await Promise.all([this.page.waitForEvent('framenavigated'), this.page.getByRole('button', { name: button }).click()]);
    await this.page.waitForLoadState('load');
  }
}

export class PortalPage extends HavenPage {
  static async open(page: Page): Promise<PortalPage> {
    await page.goto('/portal');
    return new PortalPage(page);
  }

  async tellTheHub(): Promise<PortalContactForm> {
    await this.page.getByRole('button', { name: 'Tell the hub about a child' }).click();
    await this.heading.filter({ hasText: 'Tell the hub about a child' }).waitFor();
    return new PortalContactForm(this.page);
  }

  /** The outcome column of the row for a contact reference. */
  outcomeOf(reference: string): Locator {
    return this.page.locator('[data-testid="portal-contacts"] tr', { hasText: reference }).locator('td').nth(3);
  }
}

export class PortalContactForm extends FrontDoorForm {
  /** The reference in the "Contact sent" panel after sending. */
  get reference(): Locator {
    return this.page.locator('.govuk-panel__body strong');
  }
}

export class QueuePage extends HavenPage {
  static async open(page: Page): Promise<QueuePage> {
    await page.goto('/front-door');
    return new QueuePage(page);
  }

  async openContact(reference: string): Promise<ContactPage> {
    await this.page.getByRole('link', { name: reference, exact: true }).first().click();
    await this.heading.filter({ hasText: `Contact ${reference}` }).waitFor();
    return new ContactPage(this.page);
  }
}

export class ContactPage extends HavenPage {
  get status(): Locator {
    return this.page.locator('[data-testid="status"]');
  }

  get research(): Locator {
    return this.page.locator('[data-testid="research"] tbody tr');
  }

  /** Follows a link on the contact page to one of its forms. */
  async follow(link: string): Promise<FrontDoorForm> {
    await this.page.getByRole('link', { name: link, exact: true }).click();
    await this.page.waitForLoadState('load');
    return new FrontDoorForm(this.page);
  }
}

export class ResearchPages extends FrontDoorForm {
  static async open(page: Page): Promise<ResearchPages> {
    await page.goto('/');
    await new HavenPage(page).navigateTo('Research requests');
    return new ResearchPages(page);
  }

  /** Opens the request about a contact reference from the list. */
  async openRequest(reference: string): Promise<void> {
    await this.page.locator('[data-testid="research-requests"]').getByRole('link', { name: new RegExp(reference) }).click();
    await this.heading.filter({ hasText: 'Answer a research request' }).waitFor();
  }

  async send(text: string): Promise<void> {
    await this.fill('What your agency knows', text);
    await this.submit('Send the answer');
  }
}

export class HuddlePage extends HavenPage {
  static async open(page: Page): Promise<HuddlePage> {
    await page.goto('/front-door/huddle');
    return new HuddlePage(page);
  }

  /** The number in a cell marked with data-testid. */
  async figure(testId: string): Promise<number> {
    return Number((await this.page.locator(`[data-testid="${testId}"]`).innerText()).trim());
  }

  /** [received, red, decided, within 1 working day, referrers told, consultations] for Today (1) or This week (2). */
  async period(index: 1 | 2): Promise<number[]> {
    const cells = await this.page.locator(`[data-testid="period-${index}"] td`).allInnerTexts();
    return cells.map((c) => Number(c.trim()));
  }
}
