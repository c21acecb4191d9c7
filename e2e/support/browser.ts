/**
 * Browser tests' harness: Haven listening on a free local port over a fresh test database, one
 * headless Debian Chromium per spec file, and an accessibility check with axe-core.
 *
 * Each spec file calls `startHaven()` in `before` and `haven.close()` in `after`. Every journey
 * opens its own browser context (`haven.newPage()`), so cookies never leak between users.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../src/test/app.ts';
import { testEngines } from '../../src/test/database.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Browser tests need one engine only: the first the test run names. */
function browserTestEngine() {
  const engine = testEngines()[0];
  if (!engine) throw new Error('HAVEN_TEST_ENGINES names no engine');
  return engine;
}

export type Haven = {
  /** The app under test, its database and the test partnership (`haven.test.world`). */
  test: TestApp;
  /** Where Haven listens, for example http://127.0.0.1:40123 (no trailing slash). */
  baseUrl: string;
  browser: Browser;
  /** A page in a fresh browser context: a new person at a new computer, with no cookies. */
  newPage: () => Promise<Page>;
  /** Closes every context and the browser, stops Haven and removes its database. */
  close: () => Promise<void>;
};

export async function startHaven(): Promise<Haven> {
  const test = await startTestApp(browserTestEngine());
  let browser: Browser | undefined;
  try {
    await test.app.listen({ port: 0, host: '127.0.0.1' });
    const address = test.app.server.address();
    if (!address || typeof address === 'string') throw new Error('Haven is not listening on a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const launched = browser;
    const contexts: BrowserContext[] = [];
    return {
      test,
      baseUrl,
      browser: launched,
      newPage: async () => {
        const context = await launched.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
        // Fail in seconds, not half a minute, when something expected never appears.
        context.setDefaultTimeout(10_000);
        contexts.push(context);
        return context.newPage();
      },
      close: async () => {
        for (const context of contexts) await context.close().catch(() => undefined);
        await launched.close();
        await test.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await test.close();
    throw error;
  }
}

/** axe-core's own build, read once; evaluated in the page rather than added as a <script>. */
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Violation = { id: string; impact: string | null; help: string; helpUrl: string; targets: string[] };

/**
 * Runs axe-core on the page as it is now, against WCAG 2.2 A and AA, and fails with a readable list
 * of violations: the rule, its impact, what it asks for and the selectors of every failing element.
 *
 * Haven's Content-Security-Policy admits only its own scripts with a nonce, so a <script> tag added
 * by the test (playwright's `addScriptTag`) would be refused. Evaluating axe's source through the
 * DevTools protocol is not subject to the page's CSP, and leaves the page's DOM as Haven sent it.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load');
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags: string[]): Promise<Violation[]> => {
    type AxeNode = { target: unknown[] };
    type AxeResult = { id: string; impact?: string | null; help: string; helpUrl: string; nodes: AxeNode[] };
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: AxeResult[] }> } }).axe;
    const results = await axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(' >>> ')),
    }));
  }, WCAG_22_AA_TAGS);
  if (violations.length === 0) return;
  const report = violations
    .map((v) => `  - ${v.id} (${v.impact ?? 'no impact given'}): ${v.help}\n      ${v.helpUrl}\n${v.targets.map((t) => `      at ${t}`).join('\n')}`)
    .join('\n');
  assert.fail(`${label} (${page.url()}) has ${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} of WCAG 2.2 A/AA:\n${report}`);
}

/** Where screenshots for a person to look at go: HAVEN_E2E_SCREENSHOTS, or /tmp/haven-shots. */
export const SCREENSHOT_DIR = process.env.HAVEN_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'haven-shots');

/** Saves a full-page screenshot as <name>.png in SCREENSHOT_DIR, for a visual check. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
