/** The child's family and household: the family tree page and the forms that add people, links and former names. */
import type { Locator } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class FamilyPage extends HavenPage {
  /** [name, relationship, date of birth, parental responsibility] for each person living with the child. */
  async household(): Promise<string[][]> {
    const out: string[][] = [];
    for (const row of await this.page.locator('[data-testid="household"] tbody tr').all()) {
      out.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()));
    }
    return out;
  }

  /** The family tree: each generation's heading and the people under it, as read aloud. */
  generation(label: string): Locator {
    return this.page.getByTestId('family-tree').locator('li', { has: this.page.getByRole('heading', { name: label, level: 3 }) });
  }

  get formerNames(): Locator {
    return this.page.getByTestId('former-names').locator('li');
  }

  async follow(linkText: string): Promise<PersonForm> {
    await this.page.getByRole('link', { name: linkText }).click();
    await this.page.locator('h1').waitFor();
    return new PersonForm(this.page);
  }
}

/** Any of the family forms: labelled inputs, radios and selects, a date in three boxes. */
export class PersonForm extends HavenPage {
  async fill(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async select(label: string, option: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** Checks a radio by its question (the fieldset legend) and its answer. */
  async answer(question: string, answer: string): Promise<void> {
    await this.page.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
  }

  async date(question: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-');
    const group = this.page.getByRole('group', { name: question });
    await group.getByLabel('Day').fill(String(Number(d)));
    await group.getByLabel('Month').fill(String(Number(m)));
    await group.getByLabel('Year').fill(y!);
  }

  async submit(button = 'Save'): Promise<void> {
    // Wait for the page the form leads to (the refusal or the next page), not the one it was on.
    await Promise.all([this.page.waitForEvent('load'), this.page.getByRole('button', { name: button }).click()]);
  }
}
