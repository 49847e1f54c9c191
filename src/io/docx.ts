/**
 * Word letters: the default template (a minimal WordprocessingML document, built here so it
 * ships inside the program), checking a county's own template for placeholders klynge does not
 * fill, and filling a template with docxtemplater. Output is byte-identical for the same data:
 * every zip entry carries the same fixed time.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { UserError } from '../core/errors.js';

/** What a template may use: text fields, section flags, and loops with their own fields. */
export interface TemplateVocabulary {
  text: readonly string[];
  flags: readonly string[];
  loops: Readonly<Record<string, readonly string[]>>;
}

// errors are ours to report, as one line (docxtemplater would also print them to the console)
const OPTIONS = { paragraphLoop: true, linebreaks: true, errorLogging: false } as const;

// ---------------------------------------------------------------- the default template

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const xml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A paragraph of one run; `style` a paragraph style id of styles.xml; `hidden` text Word shows only with formatting marks on. */
function para(text: string, opts: { style?: string; bold?: boolean; align?: 'right' | 'left'; hidden?: boolean } = {}): string {
  const ppr = opts.style || opts.align ? `<w:pPr>${opts.style ? `<w:pStyle w:val="${opts.style}"/>` : ''}${opts.align ? `<w:jc w:val="${opts.align}"/>` : ''}</w:pPr>` : '';
  const rpr = opts.bold || opts.hidden ? `<w:rPr>${opts.bold ? '<w:b/>' : ''}${opts.hidden ? '<w:vanish/>' : ''}</w:rPr>` : '';
  return `<w:p>${ppr}<w:r>${rpr}<w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`;
}

function cell(text: string, width: number, opts: { bold?: boolean; align?: 'right' } = {}): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/></w:tcPr>${para(text, { bold: opts.bold, align: opts.align, style: 'TableText' })}</w:tc>`;
}

const GRID = [4800, 1400, 1600, 1838];

function row(cells: string[], opts: { bold?: boolean; header?: boolean } = {}): string {
  const trPr = opts.header ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>';
  return `<w:tr>${trPr}${cells.map((c, i) => cell(c, GRID[i], { bold: opts.bold, align: i > 0 ? 'right' : undefined })).join('')}</w:tr>`;
}

function criteriaTable(): string {
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="A0A8B0"/>`;
  return [
    '<w:tbl>',
    `<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblBorders>${['top', 'bottom', 'insideH'].map(border).join('')}</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>`,
    `<w:tblGrid>${GRID.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
    row(['{colCriterion}', '{colWeight}', '{colMean}', '{colMin}'], { bold: true, header: true }),
    row(['{#criteria}{name}', '{weight}', '{mean}', '{min}{/criteria}']),
    row(['{weightedLabel}', '', '{weightedResult}', '{callThreshold}'], { bold: true }),
    '</w:tbl>',
  ].join('');
}

/**
 * The body of the default letter: the merge fields a letter needs, sections for each kind of
 * letter, and (in a section no letter shows, for whoever adapts the template) the fields it does not use.
 */
function documentXml(spare: readonly string[], spareSections: readonly string[] = []): string {
  const body = [
    para('{funder}', { style: 'Letterhead' }),
    para('{labelRef}: {ref}', { align: 'right' }),
    para('{labelDate}: {date}', { align: 'right' }),
    para(''),
    para('{applicant}', { bold: true }),
    para('{#hasOrgNumber}'),
    para('{labelOrgNumber}: {orgNumber}'),
    para('{/hasOrgNumber}'),
    para('{#hasContact}'),
    para('{labelContact}: {contact} {contactEmail}'),
    para('{/hasContact}'),
    para(''),
    para('{heading}', { style: 'Title' }),
    para('{labelTitle}: {title}', { bold: true }),
    para('{greeting}'),
    para('{headingDecision}', { style: 'Heading1' }),
    para('{decision}', { bold: true }),
    para('{labelRequested}: {requested}'),
    para('{#isFunded}'),
    para('{labelGranted}: {granted}'),
    para('{labelTier}: {tier}'),
    para('{/isFunded}'),
    para('{headingReasons}', { style: 'Heading1' }),
    // an application found ineligible was not assessed: no criteria, result or rule
    para('{#isAssessed}'),
    para('{reasonsIntro}'),
    para('{#hasNa}'),
    para('{naNote}'),
    para('{/hasNa}'),
    criteriaTable(),
    para('{result} {thresholds}'),
    para('{rule}'),
    para('{/isAssessed}'),
    para('{reason}'),
    para('{#hasFact}'),
    para('{decidingFact}'),
    para('{/hasFact}'),
    para('{#isFunded}'),
    para('{headingConditions}', { style: 'Heading1' }),
    para('{conditionsUse}'),
    para('{conditionsAccept}'),
    para('{conditionsReport}'),
    para('{/isFunded}'),
    para('{#isReserve}'),
    para('{headingReserve}', { style: 'Heading1' }),
    para('{reserveText}'),
    para('{/isReserve}'),
    para('{#hasComments}'),
    para('{headingComments}', { style: 'Heading1' }),
    para('{#commentLines}'),
    para('{text}'),
    para('{/commentLines}'),
    para('{/hasComments}'),
    para('{headingAppeal}', { style: 'Heading1' }),
    para('{appeal}'),
    para('{headingAccess}', { style: 'Heading1' }),
    para('{access}'),
    para(''),
    para('{closing}'),
    para('{funder}'),
    para('{signatureNote}', { style: 'Note' }),
    // a section no letter shows: the template's own note of what else it may use
    ...(spare.length
      ? [para('{#templateNotes}'), para('klynge – flere flettefelt / more merge fields:', { style: 'Note' }), para([...spare.map((f) => `{${f}}`), ...spareSections.map((f) => `{#${f}}…{/${f}}`)].join(' '), { style: 'Note' }), para('{/templateNotes}')]
      : []),
  ].join('');
  // A4, margins of 2 cm
  const sect = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${body}${sect}</w:body></w:document>`;
}

function stylesXml(): string {
  const style = (id: string, name: string, ppr: string, rpr: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>${ppr}</w:pPr><w:rPr>${rpr}</w:rPr></w:style>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    `<w:styles xmlns:w="${W}">`,
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="nb-NO"/></w:rPr></w:rPrDefault>',
    '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>',
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
    style('Title', 'Title', '<w:spacing w:before="240" w:after="120"/>', '<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>'),
    style('Heading1', 'heading 1', '<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="0"/>', '<w:b/><w:color w:val="0B5394"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    style('Letterhead', 'Letterhead', '<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="0B5394"/></w:pBdr><w:spacing w:after="240"/>', '<w:b/><w:color w:val="0B5394"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    style('TableText', 'Table text', '<w:spacing w:before="40" w:after="40"/>', ''),
    style('Note', 'Note', '<w:spacing w:before="120"/>', '<w:i/><w:color w:val="59626D"/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
    '</w:styles>',
  ].join('');
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const CORE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>klynge – vedtaksbrev</dc:title><dc:creator>klynge</dc:creator></cp:coreProperties>`;

/** A fixed time for every zip entry, so the same letter is the same bytes (zip times are local, from 1980). */
const ZIP_TIME = new Date(2000, 0, 1, 12, 0, 0);

function generate(zip: PizZip): Buffer {
  for (const f of Object.values(zip.files)) f.date = ZIP_TIME;
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The text fields the default letter uses; the rest are listed hidden at its end. */
const TAGS = [...documentXml([]).matchAll(/\{([#/]?)([^{}]+)\}/g)];
const USED = new Set(TAGS.filter((m) => m[1] === '').map((m) => m[2]));
const USED_SECTIONS = new Set(TAGS.filter((m) => m[1] === '#').map((m) => m[2]));

/** The default letter template as a .docx file; `fields` and `sections`: all there are, so the unused ones are listed in it. */
export function defaultTemplate(fields: readonly string[] = [], sections: readonly string[] = []): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('docProps/core.xml', CORE);
  zip.file(
    'word/document.xml',
    documentXml(
      fields.filter((f) => !USED.has(f)),
      sections.filter((f) => !USED_SECTIONS.has(f) && f !== 'templateNotes'),
    ),
  );
  zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
  zip.file('word/styles.xml', stylesXml());
  return generate(zip);
}

// ---------------------------------------------------------------- checking and filling

/** docxtemplater's errors as one line: the first problem's explanation. */
function explain(e: unknown): string {
  const err = e as { properties?: { errors?: { properties?: { explanation?: string }; message?: string }[]; explanation?: string }; message?: string };
  const first = err.properties?.errors?.[0];
  return first?.properties?.explanation ?? first?.message ?? err.properties?.explanation ?? err.message ?? String(e);
}

function load(template: Buffer, file: string): PizZip {
  try {
    return new PizZip(template);
  } catch (e) {
    throw new UserError('letters.template_not_docx', { file, reason: (e as Error).message });
  }
}

/** docxtemplater's parser that reads a tag as a plain name (own properties only), noting each name it is given. */
function plainParser(seen?: Set<string>) {
  return (tag: string) => {
    const name = tag.trim();
    seen?.add(name);
    return { get: (scope: unknown) => (name === '.' ? scope : scope !== null && typeof scope === 'object' && Object.hasOwn(scope, name) ? (scope as Record<string, unknown>)[name] : undefined) };
  };
}

/** Data with every section shown and every loop once: filling it reaches every tag of a template. */
function probe(vocabulary: TemplateVocabulary): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const k of vocabulary.text) data[k] = k;
  for (const k of vocabulary.flags) data[k] = true;
  for (const [k, fields] of Object.entries(vocabulary.loops)) data[k] = [Object.fromEntries(fields.map((f) => [f, f]))];
  return data;
}

/**
 * Check a template before any letter is written: it must be a Word document docxtemplater
 * can read, and every placeholder must be one klynge fills (a loop's own fields inside that
 * loop only). Refusals name the file and the placeholder.
 */
export function checkTemplate(template: Buffer, file: string, vocabulary: TemplateVocabulary): void {
  const zip = load(template, file);
  if (!zip.file('word/document.xml')) throw new UserError('letters.template_not_docx', { file, reason: 'word/document.xml is missing' });
  const known = [...vocabulary.text, ...vocabulary.flags, ...Object.entries(vocabulary.loops).map(([k, v]) => `${k}(${v.join(', ')})`)].join(', ');
  const names = new Set([...vocabulary.text, ...vocabulary.flags, ...Object.keys(vocabulary.loops), ...Object.values(vocabulary.loops).flat()]);
  const unknown = (tag: string) => new UserError('letters.template_unknown_tag', { file, tag: `{${tag}}`, known });
  const seen = new Set<string>();
  let doc: Docxtemplater;
  try {
    doc = new Docxtemplater(zip, { ...OPTIONS, parser: plainParser(seen), nullGetter: (part) => { throw unknown(String(part.value)); } });
  } catch (e) {
    throw new UserError('letters.template_invalid', { file, reason: explain(e) });
  }
  for (const tag of seen) if (!names.has(tag)) throw unknown(tag);
  // a loop's field outside its loop has no value: filling the probe finds it
  try {
    doc.render(probe(vocabulary));
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('letters.template_invalid', { file, reason: explain(e) });
  }
}

/** Fill a (checked) template with one letter's fields. */
export function fillTemplate(template: Buffer, file: string, data: Record<string, unknown>): Buffer {
  const zip = load(template, file);
  try {
    const doc = new Docxtemplater(zip, {
      ...OPTIONS,
      parser: plainParser(),
      // checkTemplate found every tag known; a value still missing is a bug, not a blank in a letter
      nullGetter: (part) => {
        throw new UserError('letters.template_unknown_tag', { file, tag: `{${part.value}}`, known: '' });
      },
    });
    doc.render(data);
    return generate(doc.getZip());
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError('letters.template_invalid', { file, reason: explain(e) });
  }
}

/** The text of a .docx's main document, paragraph by paragraph (for tests and checks). */
export function docxText(docx: Buffer): string {
  const documentXml = new PizZip(docx).file('word/document.xml')?.asText() ?? '';
  return documentXml
    .split(/<\/w:p>/)
    .map((p) =>
      [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
        .map((m) => (m[0] === '<w:br/>' ? '\n' : m[1]))
        .join('')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .filter((s) => s !== '')
    .join('\n');
}
