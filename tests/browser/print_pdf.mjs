// Print the PDF edition with Debian's Chromium as ONE tagged document (.ci/build_pdf.py adds the
// outline, page numbers and metadata without touching the tags).
//   node print_pdf.mjs book PLAN.json OUT.pdf
// PLAN.json (written by build_pdf.py): {base, site_url, lang, title, css, front, back, pages: [{path,
// slug, omit_sections}], long_table_rows, combined_file, combined_path}. Each built page is opened, its charts drawn, and its article
// taken out as it is then (charts as SVG, scripts dropped): code cells and screen controls removed,
// ids prefixed with the page's slug so they stay unique, links to a page in the PDF made links
// inside the document and links to any other page of the site made absolute links to the
// published site. The articles, the front matter and the annex become one HTML document with the
// site's own style sheets and a print style sheet, which Chromium prints once, tagged (headings,
// lists, tables and links keep their structure for screen readers), with the document's language.
// Writes OUT.pdf and OUT.json: the document's headings ({page slug, level, title, id}) in order,
// the id being the PDF's named destination for that heading; the elements still wider than the
// text block (none, or the build is wrong); and the text the document prints (its innerText).
import fs from 'node:fs';
import { launch } from './launch.mjs';

// Runs in each built page: returns {head: [style sheets], html: the article, headings}.
function extractArticle({ slug, path, pdfPages, siteUrl, omitSections, longTableRows }) {
  const article = document.querySelector('article.bd-article');
  // Disclosures print open: paper cannot be clicked.
  article.querySelectorAll('details').forEach((d) => { d.open = true; });
  // A sortable column's header is a button (table-sort.js): the header keeps its text.
  article.querySelectorAll('th button').forEach((b) => b.replaceWith(...b.childNodes));
  article.querySelectorAll('th[aria-sort]').forEach((th) => th.removeAttribute('aria-sort'));
  // Code, screen-only controls and prose, the theme's own copies of the title.
  article.querySelectorAll(`script, .cell_input, details.hide, .toggle-details, button, .copybtn, .ps-screen-only,
    .ps-filter, .ps-chart-data, .vega-embed .vega-actions, .vega-embed summary, a.ps-ref`).forEach((el) => el.remove());
  // Sections this edition leaves to the website: their heading, and where they are.
  for (const id of omitSections) {
    const section = article.querySelector(`section[id="${id}"]`);
    const h = section?.querySelector('h1, h2, h3, h4');
    if (!section || !h) continue;
    section.querySelectorAll(':scope > :not(h1, h2, h3, h4)').forEach((el) => el.remove());
    const p = document.createElement('p');
    p.className = 'ps-print-elsewhere';
    const a = Object.assign(document.createElement('a'), { href: `${siteUrl}${path}#${id}` });
    a.textContent = a.href;
    p.append('This section is on the report\'s website: ', a, '.');
    section.append(p);
  }
  // A long look-up list (a filterable table of more rows than a reader would scan on paper)
  // becomes one sentence that says where it is.
  article.querySelectorAll('table.ps-filterable').forEach((table) => {
    const rows = table.tBodies[0] ? table.tBodies[0].rows.length : 0;
    if (rows <= longTableRows) return;
    const caption = table.querySelector('caption')?.textContent.replace(/\s+/g, ' ').trim() || 'The table';
    const section = table.closest('section[id]');
    const p = document.createElement('p');
    p.className = 'ps-print-elsewhere';
    const a = document.createElement('a');
    a.href = siteUrl + path + (section ? `#${section.id}` : '');
    a.textContent = a.href;
    p.append(`${caption} (${rows} rows) is on the report's website: `, a, '.');
    (table.closest('.ps-table-scroll') || table).replaceWith(p);
  });
  // The article's own h1 carries the chapter number ("1. Who is supervised").
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach((x) => x.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  };
  // Ids made unique in the combined document; the references to them follow.
  const prefix = (id) => `${slug}--${id}`;
  article.querySelectorAll('[id]').forEach((el) => { el.id = prefix(el.id); });
  for (const attr of ['for', 'aria-controls', 'aria-labelledby', 'aria-describedby']) {
    article.querySelectorAll(`[${attr}]`).forEach((el) => {
      el.setAttribute(attr, el.getAttribute(attr).split(/\s+/).map(prefix).join(' '));
    });
  }
  // An SVG's paint servers and clip paths refer to their ids as url(#id) or href="#id".
  article.querySelectorAll('svg *').forEach((el) => {
    for (const attr of [...el.attributes]) {
      if (attr.value.includes('url(#')) el.setAttribute(attr.name, attr.value.replace(/url\(#([^)]+)\)/g, (_m, id) => `url(#${prefix(id)})`));
      else if ((attr.name === 'href' || attr.name === 'xlink:href') && attr.value.startsWith('#') && el.tagName !== 'a') {
        el.setAttribute(attr.name, `#${prefix(attr.value.slice(1))}`);
      }
    }
  });
  article.querySelectorAll('a[href]').forEach((a) => {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin) return;            // a source's own page: as it is
    const target = url.pathname.replace(/^\//, '') || 'index.html';
    const frag = decodeURIComponent(url.hash.replace(/^#/, ''));
    if (target === path || pdfPages[target]) {
      const s = target === path ? slug : pdfPages[target];
      a.setAttribute('href', `#${frag ? `${s}--${frag}` : s}`);
    } else {
      a.setAttribute('href', siteUrl + target + url.hash);  // a page only the website has
    }
  });
  // Every h1/h2 gets a link to itself (hidden), so Chromium makes it a named destination.
  const headings = [];
  article.querySelectorAll('h1, h2').forEach((h, n) => {
    const section = h.closest('section[id]');
    let id = section && section.querySelector('h1, h2, h3, h4, h5, h6') === h ? section.id : h.id;
    if (!id) { id = prefix(`heading-${n}`); h.id = id; }
    h.querySelectorAll('.headerlink').forEach((x) => x.remove());
    const link = Object.assign(document.createElement('a'), { href: `#${id}`, className: 'headerlink' });
    link.setAttribute('aria-hidden', 'true');
    h.append(link);
    headings.push({ slug, level: Number(h.tagName[1]), title: text(h), id });
  });
  // Style sheets the page has (the site's, and those scripts added: MathJax's, vega-embed's).
  const head = [...document.querySelectorAll('head link[rel="stylesheet"], head style')].map((el) =>
    (el.tagName === 'LINK' ? `<link rel="stylesheet" href="${el.href}">` : el.outerHTML));
  return { head, html: article.innerHTML, headings };
}

// Runs in the combined document once it is laid out: a table or figure still wider than the
// text block is scaled down to fit it (tables first reflow, by the print style sheet), and a link
// to an id the document does not have (a section left to the website) goes to the website.
function fitAndCheck({ siteUrl }) {
  const width = document.querySelector('main').clientWidth;
  let scaled = 0;
  document.querySelectorAll('main table, main figure, main svg, main pre, main .math, main mjx-container, main img').forEach((el) => {
    if (el.closest('.ps-fitted')) return;
    const w = el.scrollWidth;
    if (w > width + 1) {
      const box = el.closest('.ps-table-scroll, .cell_output, figure') || el;
      box.classList.add('ps-fitted');
      box.style.zoom = String(Math.max(0.3, (width - 2) / Math.max(w, box.scrollWidth)));
      scaled += 1;
    }
  });
  const ids = new Set([...document.querySelectorAll('[id]')].map((e) => e.id));
  let redirected = 0;
  document.querySelectorAll('a[href^="#"]').forEach((a) => {
    const id = a.getAttribute('href').slice(1);
    if (id && !ids.has(id)) {
      const [slug, ...rest] = id.split('--');
      a.setAttribute('href', `${siteUrl}book/${slug}.html${rest.length ? `#${rest.join('--')}` : ''}`);
      redirected += 1;
    }
  });
  // Anything still reaching past the text block (it would be cut at the margin), and the text
  // the document prints, which tests/test_pdf.py finds again in the PDF.
  const right = document.querySelector('main').getBoundingClientRect().right;
  const left = document.querySelector('main').getBoundingClientRect().left;
  const overflow = [...document.querySelectorAll('main *')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > right + 1 || r.left < left - 1) && el.closest('svg') === null;
  }).slice(0, 20).map((el) => `${el.tagName.toLowerCase()}.${el.className} in #${el.closest('section[id]')?.id}`);
  // The text, charts aside: a chart's labels are its own (vega hides those that would overlap).
  const noCharts = document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'svg { display: none !important; }' }));
  const text = document.querySelector('main').innerText;
  noCharts.remove();
  return { scaled, redirected, overflow, text };
}

async function printBook(planFile, outFile) {
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const pdfPages = Object.fromEntries(plan.pages.map((p) => [p.path, p.slug]));
  const browser = await launch();
  // Chapters are taken three at a time, each tab navigating from chapter to chapter (most of a
  // visit is waiting for the network to fall idle and the charts to draw); they are joined in
  // the plan's order whatever order they finish in.
  const taken = new Array(plan.pages.length);
  let next = 0;
  async function taker() {
    const tab = await browser.newPage();
    while (next < plan.pages.length) {
      const i = next++;
      const p = plan.pages[i];
      await tab.emulateMedia({ media: 'screen' });
      await tab.goto(plan.base + p.path, { waitUntil: 'networkidle' });
      await tab.waitForFunction(() => [...document.querySelectorAll('.ps-chart')].every((c) => c.querySelector('svg, canvas')),
        null, { timeout: 15000 }).catch(() => {});
      // Charts choose their wide or narrow version, and size themselves, for print.
      await tab.emulateMedia({ media: 'print' });
      taken[i] = await tab.evaluate(extractArticle, { slug: p.slug, path: p.path, pdfPages, siteUrl: plan.site_url,
        omitSections: p.omit_sections || [], longTableRows: plan.long_table_rows });
      console.log(`took ${p.path}`);
    }
    await tab.close();
  }
  await Promise.all(Array.from({ length: Math.min(3, plan.pages.length) }, taker));
  const head = [];
  const chapters = [];
  const headings = [];
  plan.pages.forEach((p, i) => {
    const got = taken[i];
    for (const h of got.head) if (!head.includes(h)) head.push(h);
    chapters.push(`<section class="ps-print-chapter" id="${p.slug}">${got.html}</section>`);
    headings.push(...got.headings);
  });
  const page = await browser.newPage();
  const doc = `<!doctype html><html lang="${plan.lang}" data-theme="light"><head><meta charset="utf-8">
    <title>${plan.title}</title>${head.join('\n')}<style>${plan.css}</style></head>
    <body><main>${plan.front}${chapters.join('\n')}${plan.back}</main></body></html>`;
  // Written into the served site (build_pdf.py removes it) and loaded from the local server, so
  // the style sheets' fonts and images resolve.
  fs.writeFileSync(plan.combined_file, doc);
  await page.emulateMedia({ media: 'print' });
  await page.goto(plan.base + plan.combined_path, { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  const fitted = await page.evaluate(fitAndCheck, { siteUrl: plan.site_url });
  console.log(`tables or figures scaled to the page: ${fitted.scaled}; links sent to the website: ${fitted.redirected}`);
  if (fitted.overflow.length) console.log(`wider than the text block: ${fitted.overflow.join('; ')}`);
  await page.pdf({ path: outFile, preferCSSPageSize: true, printBackground: true, tagged: true, outline: false });
  fs.writeFileSync(outFile.replace(/\.pdf$/, '.json'), JSON.stringify({ headings, overflow: fitted.overflow, text: fitted.text }));
  await browser.close();
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'book') await printBook(...args);
else throw new Error(`usage: print_pdf.mjs book PLAN.json OUT.pdf (got ${mode})`);
