import { startHaven, expectAccessible } from './support/browser.ts';
const t0 = Date.now();
const haven = await startHaven();
console.log('started', Date.now() - t0, haven.baseUrl);
try {
  const page = await haven.newPage();
  await page.goto('/');
  console.log('url', page.url());
  try { await page.addScriptTag({ content: 'window.__probe = 1' }); } catch (e) { console.log('addScriptTag threw', String(e).slice(0, 200)); }
  console.log('probe ran?', await page.evaluate('window.__probe'));
  try { await expectAccessible(page, 'sign-in'); console.log('axe ok'); } catch (e) { console.log(String(e)); }
} finally { await haven.close(); console.log('closed', Date.now() - t0); }
