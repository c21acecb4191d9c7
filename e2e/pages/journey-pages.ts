/** Recording a step of a child's journey: the GOV.UK form every step shares, and the chronology. */
import type { Locator } from 'playwright-core';
import { HavenPage } from './haven-page.ts';

export class JourneyStepPage extends HavenPage {
  /** Types a date into a GOV.UK date input (day, month, year boxes). */
  async date(name: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-');
    await this.page.locator(`#${name}-day`).fill(String(Number(d)));
    await this.page.locator(`#${name}-month`).fill(String(Number(m)));
    await this.page.locator(`#${name}-year`).fill(y!);
  }

  async choose(name: string, value: string): Promise<void> {
    await this.page.locator(`select[name="${name}"]`).selectOption(value);
  }

  async pick(name: string, value: string): Promise<void> {
    await this.page.locator(`input[name="${name}"][value="${value}"]`).check();
  }

  async type(name: string, text: string): Promise<void> {
    await this.page.locator(`input[name="${name}"]`).fill(text);
  }

  async save(): Promise<void> {
    await Promise.all([this.page.waitForURL(/\/children\/[0-9a-f-]+$/), this.page.getByRole('button', { name: 'Save' }).click()]);
  }

  /** Saves a form that should be refused, and waits for the refusal's error summary. */
  async saveExpectingErrors(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save' }).click();
    await this.errorSummary.waitFor();
  }
}

export class ChildJourneyPage extends HavenPage {
  /** Follows one of the "Record" links on the child's page. */
  async record(linkText: string): Promise<JourneyStepPage> {
    await this.page.getByRole('link', { name: linkText, exact: true }).click();
    await this.page.locator('h1').waitFor();
    return new JourneyStepPage(this.page);
  }

  /** The clocks still running: [what, due by, status]. */
  async clocks(): Promise<string[][]> {
    const rows = this.page.locator('[data-testid="clocks"] tbody tr');
    const out: string[][] = [];
    for (const row of await rows.all()) out.push((await row.locator('td').allInnerTexts()).map((t) => t.split('\n')[0]!.trim()));
    return out;
  }

  get journey(): Locator {
    return this.page.locator('[data-testid="journey"] li');
  }
}

export class ChronologyPage extends HavenPage {
  /** [date, event] for each row. */
  async events(): Promise<string[][]> {
    const out: string[][] = [];
    for (const row of await this.page.locator('[data-testid="chronology"] tbody tr').all()) {
      const cells = await row.locator('td').allInnerTexts();
      out.push([cells[0]!.trim(), cells[1]!.trim()]);
    }
    return out;
  }
}
