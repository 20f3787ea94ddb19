// Open every page of the built book in Chromium and record what a reader's browser sees:
// console errors, requests to other hosts, drawn charts, chart descriptions and data links,
// links and anchors, and axe-core accessibility violations. Writes a JSON report; the
// assertions are in tests/test_browser.py.
//   node check_site.mjs BASE_URL PAGES.json OUT.json [CONCURRENCY]
// PAGES.json lists {"path": ..., "axe": true|false}: every check runs on every page; axe (the
// slowest) only where asked (test_browser.py asks for every page except repeats of one template).
// Pages are visited CONCURRENCY at a time (default 4) in one browser: most of a visit is waiting
// for the network to fall idle, which overlaps.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launch, watchRequests } from './launch.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [base, pagesFile, outFile, concurrencyArg] = process.argv.slice(2);
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8')).map((p) => (typeof p === 'string' ? { path: p, axe: true } : p));
const concurrency = Math.max(1, parseInt(concurrencyArg || '4', 10));

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const results = new Array(pages.length);

// One tab per worker, visiting its pages in turn: opening a tab costs a renderer start, a third
// of a visit. Each visit's console errors and requests are taken from the tab when it is done
// (the visit waits for the network to fall idle first, so nothing of it is left running).
function openTab() {
  return context.newPage().then((page) => {
    const tab = { page, requests: watchRequests(page), consoleErrors: [] };
    page.on('console', (m) => { if (m.type() === 'error') tab.consoleErrors.push({ text: m.text(), url: m.location().url }); });
    page.on('pageerror', (e) => tab.consoleErrors.push({ text: 'uncaught: ' + e.message, url: '' }));
    return tab;
  });
}

async function visit({ path, axe: runAxe }, tab) {
  const { page } = tab;
  const response = await page.goto(base + path, { waitUntil: 'networkidle' });
  // Charts draw asynchronously: wait until every chart container has its SVG (or give up).
  await page.waitForFunction(() => [...document.querySelectorAll('.ps-chart')].every((c) => c.querySelector('svg, canvas')),
    null, { timeout: 15000 }).catch(() => {});
  const charts = await page.$$eval('.ps-chart', (els) => els.map((e) => ({
    id: e.id, drawn: !!e.querySelector('svg, canvas'), label: e.getAttribute('aria-label') || '', text: e.textContent.slice(0, 200) })));
  const figures = await page.$$eval('figure.ps-figure', (els) => els.map((f) => ({
    description: f.querySelector('.ps-figure-description')?.textContent?.trim() || '',
    csv: f.querySelector('a.ps-chart-data')?.href || '' })));
  for (const f of figures) {
    if (!f.csv) continue;
    const got = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, text: await r.text() }; }, f.csv);
    f.csv_status = got.status;
    f.csv_text = got.text;
  }
  const links = await page.$$eval('a[href]', (els) => els.map((a) => a.href));
  const ids = await page.$$eval('[id]', (els) => els.map((e) => e.id));
  let axe = null;  // not run on this page
  if (runAxe) {
    await page.addScriptTag({ path: AXE });
    const found = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    axe = found.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                         targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }
  const { external, failed } = await tab.requests.take();
  const consoleErrors = tab.consoleErrors.splice(0);
  return { page: path, status: response ? response.status() : 0, consoleErrors, external, failed, charts, figures, links, ids, axe };
}

// A fixed pool of workers taking the next page in turn; results keep the pages' order.
let next = 0;
async function worker() {
  const tab = await openTab();
  while (next < pages.length) {
    const i = next++;
    results[i] = await visit(pages[i], tab);
  }
  await tab.page.close();
}
await Promise.all(Array.from({ length: Math.min(concurrency, pages.length) }, worker));
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
await browser.close();
