/**
 * `klynge report summary`: the award summary in the voice of the seed press
 * release, in nb and en, as text, Markdown and one self-contained HTML file.
 * Runs the real CLI in-process on the sample (scores, Ingrid Berg's conflict, allocate).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMd, lowerFirst } from '../../src/cli/render/summary.js';
import { moneyWords } from '../../src/core/money-words.js';
import { summary as catalog } from '../../src/io/i18n/catalog-summary.js';
import { klynge, klyngeOk as ok, tmpDir } from '../helpers/cli.js';
import { sampleDb, workspace } from '../helpers/workspace.js';


/** The sample allocated as the county did; built once (the commands are read-only from here on). */
let db: string;
let keep: string;
beforeAll(async () => {
  // sampleDb's folder is removed after each test; copy the database somewhere that lasts the file
  const w = await sampleDb({ scores: true, conflicts: true });
  await ok(['--db', w.db, 'allocate']);
  keep = tmpDir('klynge-summary-');
  db = path.join(keep, 'k.db');
  fs.copyFileSync(w.db, db);
  return () => fs.rmSync(keep, { recursive: true, force: true });
});

const summary = (lang: 'nb' | 'en', ...more: string[]) => ok(['--db', db, '--lang', lang, 'report', 'summary', ...more]);

describe('report summary as text', () => {
  it('reads like the county wrote it, in nb', async () => {
    const { stdout, stderr } = await summary('nb');
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/\x1b\[/); // piped: no colour
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Viken fylkeskommune · Klyngesatsing 2021');
    expect(lines[1]).toBe('Disse næringsklyngene fikk støtte');
    // the lead and the seed's figures
    expect(stdout).toContain('Tre klynger tildeles nå nærmere 8 millioner kroner til hovedprosjekt. I tillegg får tre klynger 200 000 kr hver til forprosjekt.');
    expect(stdout).toContain('Klyngesatsing 2021 ble lyst ut av Viken fylkeskommune.');
    expect(stdout).toContain('Totalt kom det inn 10 søknader til en verdi av 43 millioner kroner.');
    expect(stdout).toContain('Etter vurdering av søknadene er det gitt tilsagn til seks prosjekter med til sammen 8 500 000 kr.');
    expect(stdout).toContain('Fire søknader fikk ikke støtte denne gangen.');
    expect(stdout).not.toContain('ikke avgjort');
    // the main projects, in rank order, with applicant, exact amount, partners and strongest criteria
    const funded = stdout.slice(stdout.indexOf('Disse fikk støtte'), stdout.indexOf('Flere tildelinger'));
    expect(funded).toContain('• Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg, søker er Circular Packaging Cluster');
    expect(funded).toContain('Tildeles 2 800 000 kr. Prosjektet er et samarbeid med Norwegian Wood Cluster. Søknaden er vurdert som sterkest på grønn omstilling.');
    expect(funded).toContain('• AI-Lab Viken, søker er Kongsbergklyngen AS');
    expect(funded).toContain('Tildeles 3 000 000 kr av 4 500 000 kr søkt. Prosjektet er et samarbeid med Cluster for Applied AI, NCE Smart Energy Markets og Digital Norway.');
    expect(funded).toContain('Søknaden er vurdert som sterkest på digitalisering.');
    expect(funded).toContain('• USA neste! Veikart til internasjonalisering for helsebedrifter, søker er Norway Health Tech');
    expect(funded).toContain('Tildeles 2 100 000 kr. Prosjektet er et samarbeid med Oslo Cancer Cluster, The Life Science Cluster og Norway Smart Care Cluster.');
    expect(funded).toContain('sterkest på internasjonalisering');
    expect(funded.match(/^• /gm)).toHaveLength(3);
    expect(funded.indexOf('Circular Packaging')).toBeLessThan(funded.indexOf('Kongsbergklyngen'));
    // the applicant's own summary, one paragraph
    expect(funded).toContain('  Norsk industri har et klart behov for å digitalisere prosesser og produksjonsmetoder for å øke konkurransekraft og bærekraft internasjonalt. Kongsbergklyngen vil');
    // the pre-project grants
    const more = stdout.slice(stdout.indexOf('Flere tildelinger'));
    expect(more).toContain('I tillegg tildeles ytterligere tre prosjekter midler som forprosjekt.');
    expect(more.match(/^• /gm)).toHaveLength(3);
    for (const applicant of ['Viken Teknologiklynge', 'Solenergiklyngen', 'Smart Energi Markets']) expect(more).toContain(`søker er ${applicant}`);
    expect(more.match(/Tildeles 200 000 kr av [\d ]+ kr søkt\./g)).toHaveLength(3);
    expect(more).toContain('Tildeles 200 000 kr av 2 600 000 kr søkt. Prosjektet er et samarbeid med Energy Valley og SAMS Norway. Søknaden er vurdert som sterkest på grønn omstilling og internasjonalisering.');
    // the fictional applications were not funded and are not named
    expect(stdout).not.toContain('fiktiv');
    expect(stdout).toMatch(/^Vedtakene er per \d{1,2}\. [a-zæøå]+ \d{4}\.$/m);
  });

  it('reads like the county wrote it, in en', async () => {
    const { stdout } = await summary('en');
    expect(stdout).toContain('These business clusters were awarded funding');
    expect(stdout).toContain('Three clusters are now awarded nearly NOK 8 million in main project funding. In addition, three clusters receive pre-project funding of NOK 200,000 each.');
    expect(stdout).toContain('Klyngesatsing 2021 was announced by Viken fylkeskommune. In all, 10 applications came in, requesting NOK 43 million.');
    expect(stdout).toContain('six projects have been granted NOK 8,500,000 in total. Four applications were not funded this time.');
    expect(stdout).toContain('These were funded');
    expect(stdout).toContain('• AI-Lab Viken, applicant: Kongsbergklyngen AS');
    expect(stdout).toContain('Granted NOK 3,000,000 of the NOK 4,500,000 applied for. The project is a collaboration with Cluster for Applied AI, NCE Smart Energy Markets and Digital Norway. The application was rated strongest on digitalisation.');
    expect(stdout).toContain('Granted NOK 2,800,000. The project is a collaboration with Norwegian Wood Cluster. The application was rated strongest on green transition.');
    expect(stdout).toContain('Granted NOK 2,100,000.');
    expect(stdout).toContain('More grants');
    expect(stdout).toContain('In addition, three more projects are awarded pre-project funding.');
    expect(stdout.match(/Granted NOK 200,000 of the NOK [\d,]+ applied for\./g)).toHaveLength(3);
    expect(stdout).toMatch(/^Decisions as of \d{1,2} [A-Z][a-z]+ \d{4}\.$/m);
  });

  it('on a terminal: bold headings and amounts, wrapped to the width', async () => {
    const { stdout } = await ok(['--db', db, '--lang', 'nb', 'report', 'summary'], { tty: true, columns: 72 });
    expect(stdout).toContain('\x1b[1mDisse næringsklyngene fikk støtte\x1b[22m');
    expect(stdout).toContain('\x1b[1m2 800 000 kr\x1b[22m');
    const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    for (const line of plain.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(72);
    expect(plain.replace(/\s+/g, ' ')).toContain('Totalt kom det inn 10 søknader til en verdi av 43 millioner kroner.');
    const nocolor = await ok(['--db', db, '--no-color', 'report', 'summary'], { tty: true });
    expect(nocolor.stdout).not.toMatch(/\x1b\[/);
  });
});

describe('report summary as Markdown', () => {
  it('has headings, the same sentences, and a table of granted amounts (nb)', async () => {
    const { stdout } = await summary('nb', '--format', 'md');
    expect(stdout).toMatch(/^\*Viken fylkeskommune · Klyngesatsing 2021\*\n\n# Disse næringsklyngene fikk støtte\n/);
    expect(stdout).toContain('**Tre klynger tildeles nå nærmere 8 millioner kroner til hovedprosjekt.');
    expect(stdout).toContain('Totalt kom det inn 10 søknader til en verdi av 43 millioner kroner.');
    expect(stdout).toContain('\n## Disse fikk støtte\n');
    expect(stdout).toContain('\n### AI-Lab Viken, søker er Kongsbergklyngen AS\n');
    expect(stdout).toContain('Tildeles **3 000 000 kr** av 4 500 000 kr søkt.');
    expect(stdout).toContain('\n## Flere tildelinger\n');
    expect(stdout).toContain('\n## Tildelte midler\n');
    expect(stdout).toContain('| Prosjekt | Søker | Ordning | Søkt | Tildelt |\n| --- | --- | --- | ---: | ---: |');
    expect(stdout).toContain('| Emballasje og bygg – sirkulær ressursutnyttelse og emballering av trematerialer i bygg | Circular Packaging Cluster | Hovedprosjekt | 2 800 000 kr | 2 800 000 kr |');
    expect(stdout).toContain('| AI-Lab Viken | Kongsbergklyngen AS | Hovedprosjekt | 4 500 000 kr | 3 000 000 kr |');
    expect(stdout).toContain('| USA neste! Veikart til internasjonalisering for helsebedrifter | Norway Health Tech | Hovedprosjekt | 2 100 000 kr | 2 100 000 kr |');
    expect(stdout.match(/\| Forprosjekt \| [\d ]+ kr \| 200 000 kr \|/g)).toHaveLength(3);
    expect(stdout).toContain('| **Sum** |  |  | **19 300 000 kr** | **8 500 000 kr** |');
    expect(stdout).toMatch(/\*Vedtakene er per \d{1,2}\. [a-zæøå]+ \d{4}\.\*\n$/);
  });

  it('in en', async () => {
    const { stdout } = await summary('en', '--format', 'md');
    expect(stdout).toContain('# These business clusters were awarded funding');
    expect(stdout).toContain('## These were funded');
    expect(stdout).toContain('| Project | Applicant | Funding | Requested | Granted |');
    expect(stdout).toContain('| AI-Lab Viken | Kongsbergklyngen AS | Main project | NOK 4,500,000 | NOK 3,000,000 |');
    expect(stdout).toContain('| **Total** |  |  | **NOK 19,300,000** | **NOK 8,500,000** |');
  });
});

describe('report summary as HTML', () => {
  for (const lang of ['nb', 'en'] as const) {
    it(`is one self-contained, printable file with a table and an accessible chart (${lang})`, async () => {
      const { stdout: html } = await summary(lang, '--format', 'html');
      expect(html.startsWith('<!doctype html>\n')).toBe(true);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
      expect(html).toMatch(/max-width:/);
      // nothing fetched from anywhere
      expect(html).not.toMatch(/https?:/i);
      expect(html).not.toMatch(/\b(src|href)\s*=/i);
      expect(html).not.toMatch(/<(script|link|img|iframe|object)\b/i);
      expect(html).not.toMatch(/@import|url\(/i);
      // the chart: inline SVG, accessible, one bar pair per funded project, labelled
      const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
      expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
      expect(svg).toMatch(/<title id="chart-title">[^<]+<\/title>/);
      const groups = svg.match(/<g class="bar-group">.*?<\/g>/g) ?? [];
      expect(groups).toHaveLength(6);
      for (const g of groups) expect(g).toMatch(/<rect class="requested" [^>]*width="\d+".*<rect class="granted" [^>]*width="\d+"/);
      for (const a of ['Circular Packaging Cluster', 'Kongsbergklyngen AS', 'Norway Health Tech', 'Viken Teknologiklynge', 'Solenergiklyngen', 'Smart Energi Markets']) {
        expect(svg).toContain(`<text class="label" x="0" y="`);
        expect(svg).toContain(`>${a}</text>`);
      }
      // the same text and the table of funded projects
      const text = html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
      if (lang === 'nb') {
        expect(text).toContain('Disse næringsklyngene fikk støtte');
        expect(text).toContain('Tre klynger tildeles nå nærmere 8 millioner kroner til hovedprosjekt.');
        expect(text).toContain('Totalt kom det inn 10 søknader til en verdi av 43 millioner kroner.');
        expect(text).toContain('AI-Lab Viken, søker er Kongsbergklyngen AS');
        expect(text).toContain('Tildeles 3 000 000 kr av 4 500 000 kr søkt.');
        expect(text).toContain('Fire søknader fikk ikke støtte denne gangen.');
        expect(svg).toContain('Tildelt 2 800 000 kr');
        // amounts do not break across lines in the browser
        expect(html).toContain('nærmere 8\u00a0millioner\u00a0kroner til hovedprosjekt');
        expect(html).toContain('<strong>2\u00a0800\u00a0000\u00a0kr</strong>');
      } else {
        expect(text).toContain('Three clusters are now awarded nearly NOK 8 million in main project funding.');
        expect(text).toContain('In all, 10 applications came in, requesting NOK 43 million.');
        expect(text).toContain('AI-Lab Viken, applicant: Kongsbergklyngen AS');
        expect(svg).toContain('Granted NOK 2,800,000');
      }
      const rows = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g)].map((m) => [m[2], m[4]]);
      const kr = (n: string) => (lang === 'nb' ? `${n} kr` : `NOK ${n.replace(/ /g, ',')}`);
      expect(rows).toEqual([
        ['Circular Packaging Cluster', kr('2 800 000')],
        ['Kongsbergklyngen AS', kr('3 000 000')],
        ['Norway Health Tech', kr('2 100 000')],
        ['Viken Teknologiklynge', kr('200 000')],
        ['Solenergiklyngen', kr('200 000')],
        ['Smart Energi Markets', kr('200 000')],
      ]);
    });
  }
});

describe('report summary --json', () => {
  it('gives the AwardSummary data: kroner, tier and criterion keys, counts', async () => {
    const { stdout } = await ok(['--db', db, '--json', 'report', 'summary']);
    const j = JSON.parse(stdout);
    expect(j.call).toEqual({ slug: 'viken-2021', name: 'Klyngesatsing 2021', year: 2021, funder: 'Viken fylkeskommune' });
    expect(j.applied).toEqual({ count: 10, requested: 43000000 });
    expect(j).toMatchObject({ funded: 6, granted: 8500000, rejected: 4, pending: 0 });
    expect(typeof j.decidedAt).toBe('string');
    expect(j.tiers.map((t: { key: string; budget: number; granted: number; left: number; funded: number }) => [t.key, t.budget, t.granted, t.left, t.funded])).toEqual([
      ['main', 8000000, 7900000, 100000, 3],
      ['pre', 600000, 600000, 0, 3],
    ]);
    const main = j.tiers[0].projects;
    expect(main.map((p: { applicant: string; granted: number; requested: number; status: string }) => [p.applicant, p.requested, p.granted, p.status])).toEqual([
      ['Circular Packaging Cluster', 2800000, 2800000, 'granted'],
      ['Kongsbergklyngen AS', 4500000, 3000000, 'partially granted'],
      ['Norway Health Tech', 2100000, 2100000, 'granted'],
    ]);
    expect(main[0]).toMatchObject({ ref: '21/04117-1', tier: 'main', partners: ['Norwegian Wood Cluster'], strongest: ['green'] });
    expect(main[1].strongest).toEqual(['digital']);
    expect(main[2].strongest).toEqual(['international']);
    expect(j.tiers[1].projects.map((p: { applicant: string }) => p.applicant)).toEqual(['Viken Teknologiklynge', 'Solenergiklyngen', 'Smart Energi Markets']);
    expect(j.tiers[1].projects[0].strongest).toEqual(['green', 'international']);
  });

  it('needs a stored allocation first', async () => {
    const w = await sampleDb({ scores: true });
    const r = await klynge(['--db', w.db, 'report', 'summary']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('klynge allocate');
  });
});

describe('user text in the summary', () => {
  it('is escaped in html and md, and a pending application is mentioned', async () => {
    const { dir, db: small } = workspace();
    const run = (args: string[], lang = 'en') => ok(['--db', small, '--lang', lang, ...args]);
    await run(['call', 'create', '--name', 'Testutlysning', '--year', '2024', '--budget', '1 000 000']);
    const csv = path.join(dir, 'a.csv');
    const rows = [
      'Saksnummer;Søker;Prosjektnavn;Samarbeidsklynger;Søkt beløp;Sammendrag',
      '24/1;<script>alert(1)</script>;"Tittel <b>fet</b> & ""sitat""";"=HYPERLINK(""http://x"";""y"")|Partner *stjerne* [lenke](javascript:x)";400 000;"Første linje.\n\n- ikke en liste\n# ikke en overskrift"',
      '24/2;Vanlig Klynge;Annet prosjekt;;300 000;Kort.',
    ];
    fs.writeFileSync(csv, rows.join('\n') + '\n');
    await run(['import', csv]);
    await run(['evaluator', 'add', 'Kari Nordmann']);
    await run(['score', 'set', '24/1', '--evaluator', 'Kari Nordmann', 'green=5', 'digital=4', 'international=5']);
    await run(['score', 'set', '24/2', '--evaluator', 'Kari Nordmann', 'green=1', 'digital=1', 'international=1']);
    await run(['allocate']);
    // a late application, not decided yet
    fs.writeFileSync(csv, [rows[0], rows[1], rows[2], '24/3;Sen Klynge;Sent prosjekt;;100 000;Kom sent.'].join('\n') + '\n');
    await run(['import', csv, '--update']);

    const html = (await run(['report', 'summary', '--format', 'html'])).stdout;
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tittel &lt;b&gt;fet&lt;/b&gt; &amp; &quot;sitat&quot;');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;');
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    // the chart label and the table cell are escaped too
    expect(html).toContain('<text class="label" x="0" y="48">&lt;script&gt;alert(1)&lt;/script&gt;</text>');
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    // no markup outside what the renderer writes
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(
      ['article', 'body', 'col', 'colgroup', 'dd', 'desc', 'div', 'dl', 'dt', 'figcaption', 'figure', 'g', 'h1', 'h2', 'h3', 'head', 'header', 'html', 'main', 'meta', 'p', 'rect', 'section', 'span', 'strong', 'style', 'svg', 'table', 'tbody', 'td', 'text', 'tfoot', 'th', 'thead', 'title', 'tr', 'tspan'],
    );
    expect(html).toContain('One application has not been decided yet.');

    const md = (await run(['report', 'summary', '--format', 'md'])).stdout;
    expect(md).toContain('### Tittel \\<b\\>fet\\</b\\> \\& "sitat", applicant: \\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('Partner \\*stjerne\\* \\[lenke\\](javascript:x)');
    expect(md).toContain('| Tittel \\<b\\>fet\\</b\\> \\& "sitat" | \\<script\\>alert(1)\\</script\\> | Main project | NOK 400,000 | NOK 400,000 |');
    // the applicant's own lines cannot become a list or a heading
    expect(md).toContain('\n\nFørste linje.\n\n\\- ikke en liste \\# ikke en overskrift\n');

    const nb = (await run(['report', 'summary'], 'nb')).stdout;
    expect(nb).toContain('Én klynge tildeles nå 400 000 kr til hovedprosjekt.');
    expect(nb).toContain('Testutlysning ble lyst ut i 2024. Totalt kom det inn tre søknader til en verdi av 800 000 kr.');
    expect(nb).toContain('Etter vurdering av søknadene er det gitt tilsagn til ett prosjekt på 400 000 kr. Én søknad fikk ikke støtte denne gangen. Én søknad er ennå ikke avgjort.');
    expect(nb).toContain('• Tittel <b>fet</b> & "sitat", søker er <script>alert(1)</script>');
  });

  it('drops terminal control characters from user text', async () => {
    const { dir, db: small } = workspace();
    await ok(['--db', small, 'call', 'create', '--name', 'Kontroll', '--year', '2024', '--budget', '1 000 000']);
    const csv = path.join(dir, 'a.csv');
    fs.writeFileSync(csv, 'Saksnummer;Søker;Prosjektnavn;Søkt beløp\n24/1;Klynge\x1b[31mRØD\x1b[0m;Prosjekt\x07;400 000\n');
    await ok(['--db', small, 'import', csv]); // the importer keeps the text as given
    await ok(['--db', small, 'evaluator', 'add', 'Kari Nordmann']);
    await ok(['--db', small, 'score', 'set', '24/1', '--evaluator', 'Kari Nordmann', 'green=5', 'digital=5', 'international=5']);
    await ok(['--db', small, 'allocate']);
    const { stdout } = await ok(['--db', small, 'report', 'summary']);
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(stdout).toContain('• Prosjekt, applicant: KlyngeRØD');
    const html = (await ok(['--db', small, 'report', 'summary', '--format', 'html'])).stdout;
    expect(html).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(html).toContain('>KlyngeRØD</text>');
  });
});

describe('the helpers', () => {
  it('moneyWords rounds amounts the way a press release does, on integer øre', () => {
    const m = (kr: number) => moneyWords(kr * 100);
    expect(m(43_000_000)).toEqual({ kind: 'millions', value: 43, approx: 'exact' });
    expect(m(7_900_000)).toEqual({ kind: 'millions', value: 8, approx: 'nearly' });
    expect(m(43_200_000)).toEqual({ kind: 'millions', value: 43, approx: 'over' });
    expect(m(2_100_000)).toEqual({ kind: 'millions', value: 2.1, approx: 'exact' });
    expect(m(2_450_000)).toEqual({ kind: 'millions', value: 2.5, approx: 'about' });
    expect(m(8_500_000)).toEqual({ kind: 'millions', value: 8.5, approx: 'exact' });
    expect(m(1_000_000)).toEqual({ kind: 'millions', value: 1, approx: 'exact' });
    expect(m(999_700)).toEqual({ kind: 'millions', value: 1, approx: 'nearly' });
    expect(m(600_000)).toEqual({ kind: 'kroner', value: 600_000, approx: 'exact' });
    expect(m(612_345)).toEqual({ kind: 'kroner', value: 612_000, approx: 'over' });
    expect(m(450)).toEqual({ kind: 'kroner', value: 450, approx: 'exact' });
    expect(m(0)).toEqual({ kind: 'kroner', value: 0, approx: 'exact' });
    expect(moneyWords(7_900_000_00, { snap: false })).toEqual({ kind: 'millions', value: 7.9, approx: 'exact' });
    expect(moneyWords(43_000_000_50)).toEqual({ kind: 'millions', value: 43, approx: 'over' });
    expect(() => moneyWords(1.5)).toThrow(RangeError);
  });

  it('escapes and lowercases as the prose needs', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeMd('a|b *c* [d](e) <f> _g_ `h` #i')).toBe('a\\|b \\*c\\* \\[d\\](e) \\<f\\> \\_g\\_ \\`h\\` \\#i');
    expect(lowerFirst('Hovedprosjekt')).toBe('hovedprosjekt');
    expect(lowerFirst('Pre-project')).toBe('pre-project');
    expect(lowerFirst('EU-prosjekt')).toBe('EU-prosjekt');
    expect(lowerFirst('Grønn omstilling')).toBe('grønn omstilling');
  });

  it('the summary catalogue has the same keys and parameters in nb and en', () => {
    expect(Object.keys(catalog.nb).sort()).toEqual(Object.keys(catalog.en).sort());
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalog.en)) expect(params(catalog.nb[key]), key).toEqual(params(catalog.en[key]));
  });
});
