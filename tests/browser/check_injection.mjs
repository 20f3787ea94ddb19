// Open one page built from hostile data and report what a reader's browser did with it:
// whether any injected script ran (an alert, or window.__pwned set), whether the content after
// the chart survived, whether the chart drew, and which links are live.
//   node check_injection.mjs URL REPORT.json
import { writeFileSync } from 'node:fs';
import { launch, watchRequests } from './launch.mjs';

const [url, out] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
const dialogs = [];
const { external } = watchRequests(page);
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
await page.goto(url, { waitUntil: 'load' });
await page.waitForTimeout(1500);
const result = await page.evaluate(() => ({
  pwned: typeof window.__pwned !== 'undefined',
  after: !!document.getElementById('after-the-chart'),
  drawn: !!document.querySelector('.ps-chart svg'),
  hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')),
}));
// Clicking every link must not run anything either.
for (const handle of await page.$$('a[href]')) {
  const href = await handle.getAttribute('href');
  if (href && !href.startsWith('http')) await handle.click({ noWaitAfter: true }).catch(() => {});
}
await page.waitForTimeout(300);
result.dialogs = dialogs;
result.external = external;
writeFileSync(out, JSON.stringify(result));
await browser.close();
