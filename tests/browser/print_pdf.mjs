// Print the built book to PDF, one Chromium print per page in reading order, with code cells,
// navigation and buttons hidden; the pages are then joined by pdfunite (.ci/build-pdf).
//   node print_pdf.mjs BASE_URL PAGES.json OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { launch, isLocal } from './launch.mjs';

const PRINT_CSS = `
  .cell_input, .tag_hide-input .cell_input, details.hide, .toggle-details, .header-article, .bd-header,
  .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, .bd-footer, .headerlink, .ps-chart-data,
  .copybtn, button { display: none !important; }
  .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
  .ps-table-scroll { overflow: visible !important; }
  figure.ps-figure, table { break-inside: avoid; }
  /* The theme stretches containers to the window height, which leaves a blank last page. */
  html, body, .bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article {
    min-height: 0 !important; height: auto !important; }
  #pst-back-to-top, .bd-header-announcement, .search-button__wrapper, .pst-scrollable-table-container + .headerlink { display: none !important; }
`;
const [base, pagesFile, outDir] = process.argv.slice(2);
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
  await page.emulateMedia({ media: 'print' });
  n += 1;
  const file = path.join(outDir, `${String(n).padStart(3, '0')}.pdf`);
  await page.pdf({ path: file, format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  console.log(`printed ${p} -> ${file}`);
}
await browser.close();
