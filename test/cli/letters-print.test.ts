/**
 * An HTML letter and the HTML award summary, looked at in a real browser: headless Chromium
 * (Debian's `chromium`, driven by playwright-core). On screen and printed, no element's content
 * is wider or taller than its box allows, and printing to A4 gives the expected number of pages.
 *
 * Without /usr/bin/chromium the test is skipped with a reason; with KLYNGE_REQUIRE_CHROMIUM=1
 * (CI, which installs the package) a missing browser fails it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { klyngeOk, tmpDir } from '../helpers/cli.js';
import { sampleDb } from '../helpers/workspace.js';

const CHROMIUM = process.env.KLYNGE_CHROMIUM ?? '/usr/bin/chromium';
const have = fs.existsSync(CHROMIUM);
const required = process.env.KLYNGE_REQUIRE_CHROMIUM === '1';
if (!have && !required) console.warn(`letters-print: skipped, no browser at ${CHROMIUM} (apt-get install chromium; KLYNGE_REQUIRE_CHROMIUM=1 makes this a failure)`);

/**
 * Elements whose content overflows their box: wider than the box, or cut by an overflow that
 * hides it, or running past the page's right edge. With `scrollBoxes`, a box made to scroll
 * sideways (the summary's table on a phone) may hold wider content: it is all reachable.
 */
async function overflowing(page: Page, scrollBoxes = false): Promise<string[]> {
  return page.evaluate(`(${IN_PAGE})(${JSON.stringify(scrollBoxes)})`) as Promise<string[]>;
}

// runs in the page (plain JavaScript: the test's type check has no DOM)
const IN_PAGE = `(scrollBoxes) => {
  const bad = [];
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScrollBox = (e) => {
    if (!scrollBoxes) return false;
    for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  for (const e of document.querySelectorAll('body *')) {
    const style = getComputedStyle(e);
    if (style.display === 'inline' || e.clientWidth === 0) continue;
    // svg text is laid out by the chart; its box is the svg's
    if (e.closest('svg')) continue;
    if (scrollBoxes && (scrolls(e) || inScrollBox(e))) continue;
    const wide = e.scrollWidth > e.clientWidth + 1;
    const tall = style.overflowY !== 'visible' && e.scrollHeight > e.clientHeight + 1;
    if (wide || tall) bad.push(e.tagName.toLowerCase() + '.' + e.className + ': ' + e.scrollWidth + '×' + e.scrollHeight + ' in ' + e.clientWidth + '×' + e.clientHeight + ' «' + (e.textContent || '').slice(0, 40) + '»');
  }
  // boxes running past the right edge of the page
  const right = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('h1, h2, h3, p, td, th, dd, dt, li')) {
    if (inScrollBox(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right + 1) bad.push(el.tagName.toLowerCase() + ' ends at ' + Math.round(r.right) + ' past ' + right);
  }
  return bad;
}`;

/** Pages of a PDF (its /Type /Page objects). */
const pageCount = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

// CI asks for the browser: its absence is a failure there, not a skip
describe.runIf(required && !have)('Chromium for the printing test', () => {
  it('is installed', () => {
    expect.fail(`KLYNGE_REQUIRE_CHROMIUM=1 but there is no browser at ${CHROMIUM}: apt-get install chromium`);
  });
});

describe.skipIf(!have)('letters and the award summary in Chromium', () => {
  let browser: Browser;
  let files: { rejection: string; grant: string; summary: string };
  let keep: string | undefined;

  beforeAll(async () => {
    const { dir, db } = await sampleDb({ scores: true, conflicts: true });
    await klyngeOk(['--db', db, 'allocate']);
    await klyngeOk(['--db', db, '--lang', 'nb', 'letters', '--out', 'brev', '--format', 'html', '--date', '2021-11-15'], { cwd: dir });
    const summary = await klyngeOk(['--db', db, '--lang', 'nb', 'report', 'summary', '--format', 'html']);
    fs.writeFileSync(path.join(dir, 'tildeling.html'), summary.stdout);
    // the workspace goes after the first test: the pages are kept apart until the end
    const kept = (keep = tmpDir('klynge-print-'));
    const copy = (from: string) => {
      const to = path.join(kept, path.basename(from));
      fs.copyFileSync(from, to);
      return to;
    };
    files = { rejection: copy(path.join(dir, 'brev', '21-04130-2.html')), grant: copy(path.join(dir, 'brev', '21-04133-1.html')), summary: copy(path.join(dir, 'tildeling.html')) };
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (keep) fs.rmSync(keep, { recursive: true, force: true });
  });

  it('the check itself finds text that runs past its box and the page', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 600 } });
    try {
      await page.setContent(`<p style="white-space: nowrap">${'Klyngesamarbeid '.repeat(20)}</p><div style="width: 100px; overflow: hidden"><span style="display: block; width: 300px">x</span></div><table style="width: 600px"><tr><td>x</td></tr></table>`);
      const found = await overflowing(page);
      expect(found.some((x) => x.startsWith('p.'))).toBe(true);
      expect(found.some((x) => x.startsWith('div.'))).toBe(true);
      expect(found.some((x) => x.startsWith('td ends at'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  const cases = [
    { name: 'a rejection letter', file: () => files.rejection, pages: 2 },
    { name: 'a grant letter (with its conditions)', file: () => files.grant, pages: 2 },
    { name: 'the award summary', file: () => files.summary, pages: 3 },
  ];
  for (const c of cases) {
    it(`${c.name}: nothing overflows on screen or printed, and it prints on ${c.pages} A4 pages`, async () => {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
      try {
        await page.goto(pathToFileURL(c.file()).href);
        expect(await overflowing(page)).toEqual([]);
        // a phone's width: still nothing wider than its box
        await page.setViewportSize({ width: 380, height: 800 });
        expect(await overflowing(page, true)).toEqual([]);
        await page.emulateMedia({ media: 'print' });
        // the printable width of A4 with the letters' margins
        await page.setViewportSize({ width: 680, height: 1000 });
        expect(await overflowing(page)).toEqual([]);
        const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
        expect(pageCount(pdf)).toBe(c.pages);
      } finally {
        await page.close();
      }
    });
  }
});
