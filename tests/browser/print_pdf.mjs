// Print the PDF edition's parts with Debian's Chromium; .ci/build_pdf.py joins them, adds the
// outline and stamps the page numbers.
//   node print_pdf.mjs pages BASE_URL PAGES.json OUT_DIR
//       each built page in reading order -> OUT_DIR/NNN.pdf, with code cells, navigation and
//       controls hidden, and OUT_DIR/NNN.json: the page's h1 and h2 headings (title as shown,
//       section number included, and the id of their section, which is the PDF's named
//       destination for that heading, so the heading's page can be looked up).
//   node print_pdf.mjs sheet IN.html OUT.pdf
//       a self-contained HTML file (title page, page-number overlay) that sets its own page size.
import fs from 'node:fs';
import path from 'node:path';
import { launch, isLocal } from './launch.mjs';

// Everything a reader could only use on a screen: buttons, toggles, copy and download controls,
// navigation. `.ps-screen-only` is for prose that only makes sense on screen.
const PRINT_CSS = `
  .cell_input, .tag_hide-input .cell_input, details.hide, .toggle-details, .header-article, .bd-header,
  .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, .bd-footer, .headerlink, .ps-chart-data,
  .copybtn, button, .ps-screen-only, .vega-embed .vega-actions, .vega-embed summary { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .ps-table-scroll { overflow: visible !important; }
  figure.ps-figure, table { break-inside: avoid; }
  /* A heading stays whole and with the text it introduces. */
  h1, h2, h3, h4 { break-inside: avoid !important; break-after: avoid !important; }
  /* The theme stretches containers to the window height, which leaves a blank last page. */
  html, body, .bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article {
    min-height: 0 !important; height: auto !important; }
  #pst-back-to-top, .bd-header-announcement, .search-button__wrapper, .pst-scrollable-table-container + .headerlink { display: none !important; }
`;

// The bottom margin leaves room for the page number that build_pdf.py stamps on every page.
const MARGIN = { top: '15mm', bottom: '18mm', left: '12mm', right: '12mm' };

// Runs in the page, so it keeps its helpers inside. Returns the article's headings as the screen
// shows them: its h1 and its visible h2s (the page's own "Contents" list is outside the article),
// with the id of their section, and the section number they have on screen.
// The theme prints a copy of the chapter title without its number and hides the article's h1:
// the copy gets the number too, so the page says "1. Who is supervised" above its "1.1." sections.
function numberTitleAndListHeadings() {
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  };
  const printed = document.querySelector('#jb-print-docs-body h1');
  const own = document.querySelector('article.bd-article h1');
  if (printed && own) printed.textContent = text(own);
  // A Sphinx heading's target is its section. A heading printed by a notebook cell has no
  // section of its own: give it an id and a (hidden) link, so Chromium makes it a destination.
  const target = (h, n) => {
    const section = h.closest('section[id]');
    if (section && section.querySelector('h1, h2, h3, h4, h5, h6') === h) return section.id;
    if (!h.id) h.id = `ps-heading-${n}`;
    const link = Object.assign(document.createElement('a'), { href: `#${h.id}`, className: 'headerlink' });
    h.append(link);
    return h.id;
  };
  const shown = (h) => h.tagName === 'H1' || h.getClientRects().length > 0;
  return [...document.querySelectorAll('article.bd-article h1, article.bd-article h2')]
    .filter(shown)
    .map((h, n) => ({ level: Number(h.tagName[1]), title: text(h), id: target(h, n) }));
}

async function printPages(base, pagesFile, outDir) {
  const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8'));
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launch();
  const page = await browser.newPage();
  await page.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  let n = 0;
  for (const p of pages) {
    await page.goto(base + p, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => [...document.querySelectorAll('.ps-chart')].every((c) => c.querySelector('svg, canvas')),
      null, { timeout: 15000 }).catch(() => {});
    await page.addStyleTag({ content: PRINT_CSS });
    // Disclosures (e.g. how a fact-check note was read) print open: paper cannot be clicked.
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    await page.emulateMedia({ media: 'print' });
    const headings = await page.evaluate(numberTitleAndListHeadings);
    n += 1;
    const stem = path.join(outDir, String(n).padStart(3, '0'));
    fs.writeFileSync(`${stem}.json`, JSON.stringify({ page: p, headings }));
    await page.pdf({ path: `${stem}.pdf`, format: 'A4', printBackground: true, margin: MARGIN });
    console.log(`printed ${p} -> ${stem}.pdf`);
  }
  await browser.close();
}

async function printSheet(htmlFile, outFile) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  await page.setContent(fs.readFileSync(htmlFile, 'utf8'), { waitUntil: 'load' });
  await page.pdf({ path: outFile, format: 'A4', printBackground: true, preferCSSPageSize: true });
  await browser.close();
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'pages') await printPages(...args);
else if (mode === 'sheet') await printSheet(...args);
else throw new Error(`usage: print_pdf.mjs pages BASE PAGES.json OUT_DIR | sheet IN.html OUT.pdf (got ${mode})`);
