// Sort and filter on reader tables and lists (book/static_assets/table-sort.js), in Chromium with
// every other host refused. Prints one JSON line: what the page showed after each action.
//   node check_table_tools.mjs BASE_URL
import { launch } from './launch.mjs';

const [base] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
const out = {};

await page.goto(base + 'book/factcheck.html', { waitUntil: 'networkidle' });
const summary = 'table.ps-claims-summary';
out.claimsRows = await page.$$eval(`${summary} tbody tr`, (rows) => rows.length);
const box = await page.$('.ps-filter input[type=search]');
await box.fill('Guardian');
out.claimsShownAfterFilter = await page.$$eval(`${summary} tbody tr`, (rows) => rows.filter((r) => !r.hidden).length);
out.claimsShownTexts = await page.$$eval(`${summary} tbody tr`, (rows) => rows.filter((r) => !r.hidden).map((r) => r.textContent));
out.filterStatus = await page.$eval('.ps-filter-status', (s) => s.textContent.trim());
await box.fill('');
out.claimsShownAfterClear = await page.$$eval(`${summary} tbody tr`, (rows) => rows.filter((r) => !r.hidden).length);
// Sort by the "Said by" column (second header button), then read its order.
await page.click(`${summary} thead th:nth-child(2) button`);
out.sortState = await page.$eval(`${summary} thead th:nth-child(2)`, (th) => th.getAttribute('aria-sort'));
out.saidByAfterSort = await page.$$eval(`${summary} tbody tr`, (rows) => rows.map((r) => r.cells[1].textContent.trim()));

await page.goto(base + 'book/references.html', { waitUntil: 'networkidle' });
out.referencesItems = await page.$$eval('ul.ps-filterable > li', (items) => items.length);
// One box per group of references: type the words in each.
for (const refBox of await page.$$('.ps-filter input[type=search]')) {
  await refBox.fill('Justice Committee');
}
out.referencesShown = await page.$$eval('ul.ps-filterable > li', (items) => items.filter((i) => !i.hidden).map((i) => i.textContent));
await browser.close();
console.log(JSON.stringify(out));
