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
import { launch, isLocal } from './launch.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [base, pagesFile, outFile, concurrencyArg] = process.argv.slice(2);
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8')).map((p) => (typeof p === 'string' ? { path: p, axe: true } : p));
const concurrency = Math.max(1, parseInt(concurrencyArg || '4', 10));

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const results = new Array(pages.length);

async function visit({ path, axe: runAxe }) {
  const page = await context.newPage();
  const consoleErrors = [], external = [], failed = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push({ text: m.text(), url: m.location().url }); });
  page.on('pageerror', (e) => consoleErrors.push({ text: 'uncaught: ' + e.message, url: '' }));
  page.on('requestfailed', (r) => { if (isLocal(r.url())) failed.push(r.url() + ' ' + (r.failure()?.errorText || '')); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    external.push(url);
    return route.abort();
  });
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
  await page.close();
  return { page: path, status: response ? response.status() : 0, consoleErrors, external, failed, charts, figures, links, ids, axe };
}

// A fixed pool of workers taking the next page in turn; results keep the pages' order.
let next = 0;
async function worker() {
  while (next < pages.length) {
    const i = next++;
    results[i] = await visit(pages[i]);
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, pages.length) }, worker));
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
await browser.close();
