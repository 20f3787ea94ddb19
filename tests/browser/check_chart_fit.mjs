// Open every chapter with charts at a phone's, a tablet's and a desktop's width, and as an A4 page
// in print media, and measure every chart a reader sees: the drawn SVG's width against its
// figure's width, and where its legend lies against the viewport. Full-page screenshots at the
// phone's width go to SHOTS_DIR, so that a person can look. Writes a JSON report; the assertions
// are in tests/test_chart_fit.py.
// Pages are measured CONCURRENCY at a time (default 4) in one browser, each view in its own
// context; the report keeps the order of views, then pages.
//   node check_chart_fit.mjs BASE_URL PAGES.json OUT.json SHOTS_DIR [CONCURRENCY]
import fs from 'node:fs';
import path from 'node:path';
import { launch } from './launch.mjs';

const [base, pagesFile, outFile, shotsDir, concurrencyArg] = process.argv.slice(2);
const concurrency = Math.max(1, parseInt(concurrencyArg || '4', 10));
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8'));
// A4 is 210 mm wide; .ci/build_pdf.py prints with 15 mm side margins (MARGINS_MM): 180 mm at 96 px per inch.
const A4_PRINTABLE = Math.floor((180 / 25.4) * 96);
const VIEWS = [
  { name: '390', width: 390, height: 844, media: 'screen' },
  { name: '768', width: 768, height: 1024, media: 'screen' },
  { name: '1400', width: 1400, height: 900, media: 'screen' },
  { name: 'A4 print', width: A4_PRINTABLE, height: 1000, media: 'print' },
];
fs.mkdirSync(shotsDir, { recursive: true });

const browser = await launch();
const contexts = [];
for (const view of VIEWS) {
  contexts.push(await browser.newContext({ viewport: { width: view.width, height: view.height } }));
}
const jobs = VIEWS.flatMap((view, v) => pages.map((p) => ({ view, context: contexts[v], p })));
const results = new Array(jobs.length);

async function measure({ view, p }, page) {
  await page.goto(base + p, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => [...document.querySelectorAll('.ps-chart')].every((c) => c.querySelector('svg, canvas')),
    null, { timeout: 60000 }).catch(() => {});  // resolves as soon as drawn; long for a loaded machine
  // Every figure shows one drawn chart (of a wide/narrow pair, the one for this width or for
  // print) before anything is measured: on a loaded machine the switch can take longer than
  // the short settle below.
  await page.waitForFunction(() => [...document.querySelectorAll('figure.ps-figure')].every((f) =>
    [...f.querySelectorAll('.ps-chart')].some((c) => c.getClientRects().length > 0 && c.querySelector('svg, canvas'))),
  null, { timeout: 30000 }).catch(() => {});
  await page.waitForTimeout(300);  // let a figure's wide/narrow switch and container resizes settle
  const charts = await page.$$eval('figure.ps-figure', (figs) => figs.flatMap((fig) => {
    // The chart a reader sees: of a wide/narrow pair, the one displayed.
    return [...fig.querySelectorAll('.ps-chart')].filter((c) => c.getClientRects().length > 0).map((c) => {
        const svg = c.querySelector('svg, canvas');
        const box = svg ? svg.getBoundingClientRect() : null;
        const legends = [...c.querySelectorAll('g.role-legend')].map((g) => {
          const r = g.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width };
        });
        return {
          figure: fig.id, chart: c.id, variant: c.classList.contains('ps-chart-narrow') ? 'narrow' : 'wide',
          drawn: !!svg, svgWidth: box ? box.width : 0, svgLeft: box ? box.left : 0, svgRight: box ? box.right : 0,
          container: fig.getBoundingClientRect().width, scrolls: c.scrollWidth > c.clientWidth + 1, legends,
          title: fig.querySelector('.ps-figure-title')?.textContent || '',
          subtitle: fig.querySelector('.ps-figure-subtitle')?.textContent || '',
          source: (fig.querySelector('.ps-figure-source summary') || fig.querySelector('.ps-figure-source'))?.textContent || '',
          sourceLinks: [...fig.querySelectorAll('.ps-figure-source a')].map((a) => a.href),
        };
      });
  }));
  const viewport = await page.evaluate(() => document.documentElement.clientWidth);
  // Long reference tables (filterable): the table's width against its column's.
  const tables = await page.$$eval('table.ps-filterable', (ts) => ts.map((t) => ({
    caption: t.caption ? t.caption.textContent : '',
    width: t.getBoundingClientRect().width,
    container: t.closest('.ps-table-scroll').getBoundingClientRect().width,
  })));
  if (view.name === '390') {
    const file = path.join(shotsDir, p.replace(/[\/]/g, '_').replace(/\.html$/, '') + '-390.png');
    await page.screenshot({ path: file, fullPage: true });
    // Each figure on its own too (a whole chapter is too tall to look at a chart in), without
    // the theme's sticky header over it.
    await page.addStyleTag({ content: '.bd-header, .skip-link, #pst-skip-link { display: none !important; }' });
    const figures = await page.$$('figure.ps-figure');
    for (const [i, fig] of figures.entries()) {
      await fig.screenshot({ path: file.replace(/\.png$/, `-figure${i + 1}.png`) });
    }
  }
  return { page: p, view: view.name, viewport, charts, tables };
}

// A fixed pool of workers taking the next job in turn; results keep the jobs' order.
let next = 0;
// Each worker keeps one tab per view and navigates it from page to page (opening a tab costs a
// renderer start); a new navigation drops whatever style a previous measure added.
async function worker() {
  const tabs = new Map();
  while (next < jobs.length) {
    const k = next++;
    const { view, context } = jobs[k];
    if (!tabs.has(context)) {
      const page = await context.newPage();
      await page.emulateMedia({ media: view.media });
      tabs.set(context, page);
    }
    results[k] = await measure(jobs[k], tabs.get(context));
  }
  for (const page of tabs.values()) await page.close();
}
await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
for (const context of contexts) await context.close();
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
await browser.close();
