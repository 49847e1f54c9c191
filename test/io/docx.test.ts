/** The Word side of letters: the default template, checking a template's placeholders, filling it byte-identically. */
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { FLAG_FIELDS, LOOP_FIELDS, TEXT_FIELDS } from '../../src/cli/render/letters.js';
import { checkTemplate, defaultTemplate, docxText, fillTemplate } from '../../src/io/docx.js';

const VOCABULARY = { text: TEXT_FIELDS, flags: FLAG_FIELDS, loops: LOOP_FIELDS };

/** Data for every field: each text field its own name, the sections as given, two criteria. */
function data(flags: Partial<Record<(typeof FLAG_FIELDS)[number], boolean>> = {}) {
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, `<${k}> & co`])),
    ...Object.fromEntries(FLAG_FIELDS.map((k) => [k, flags[k] ?? false])),
    criteria: [
      { name: 'Grønn omstilling', weight: '1', mean: '3,33', min: '–' },
      { name: 'Digitalisering', weight: '2', mean: 'ikke relevant', min: '2,00' },
    ],
    commentLines: [{ text: 'Kari om grønn: god' }],
  };
}

function withDocument(template: Buffer, edit: (xml: string) => string): Buffer {
  const zip = new PizZip(template);
  zip.file('word/document.xml', edit(zip.file('word/document.xml')!.asText()));
  return zip.generate({ type: 'nodebuffer' });
}

describe('the default letter template', () => {
  it('is a WordprocessingML package with its parts, A4, and every merge field', () => {
    const zip = new PizZip(defaultTemplate(TEXT_FIELDS, FLAG_FIELDS));
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml', 'docProps/core.xml']) expect(zip.file(part), part).not.toBeNull();
    const xml = zip.file('word/document.xml')!.asText();
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    for (const f of [...TEXT_FIELDS, ...FLAG_FIELDS.map((k) => `#${k}`), ...Object.keys(LOOP_FIELDS).map((k) => `#${k}`), ...Object.values(LOOP_FIELDS).flat()]) expect(xml, f).toContain(`{${f}}`);
    expect(() => checkTemplate(defaultTemplate(TEXT_FIELDS, FLAG_FIELDS), 'default', VOCABULARY)).not.toThrow();
  });

  it('fills: sections by kind, the criteria table row per criterion, escaped text, the notes section never', () => {
    const docx = fillTemplate(defaultTemplate(TEXT_FIELDS, FLAG_FIELDS), 'default', data({ isFunded: true, hasFact: true, isAssessed: true }));
    const text = docxText(docx);
    expect(text).toContain('<decision> & co');
    expect(text).toContain('<conditionsAccept> & co'); // isFunded
    expect(text).not.toContain('<reserveText> & co'); // not isReserve
    expect(text).not.toContain('<naNote>'); // not hasNa
    expect(text).toContain('Grønn omstilling\n1\n3,33\n–\nDigitalisering\n2\nikke relevant\n2,00');
    expect(text).not.toContain('flere flettefelt');
    expect(text).not.toMatch(/\{[#/]?\w+\}/);
    // the same data: the same bytes, whenever it is filled
    expect(fillTemplate(defaultTemplate(TEXT_FIELDS, FLAG_FIELDS), 'default', data({ isFunded: true, hasFact: true, isAssessed: true })).equals(docx)).toBe(true);
    // not assessed (found ineligible): no criteria table, result or rule; the reason stays
    const dismissal = docxText(fillTemplate(defaultTemplate(TEXT_FIELDS, FLAG_FIELDS), 'default', data({ hasFact: true, isIneligible: true })));
    expect(dismissal).not.toContain('Grønn omstilling');
    expect(dismissal).not.toContain('<rule> & co');
    expect(dismissal).toContain('<reason> & co');
  });

  it('refuses a template with an unknown placeholder, a loop field outside its loop, a broken tag, or no document', () => {
    const base = defaultTemplate(TEXT_FIELDS, FLAG_FIELDS);
    expect(() => checkTemplate(withDocument(base, (x) => x.replace('{closing}', '{hilsen}')), 'mal.docx', VOCABULARY)).toThrow(
      expect.objectContaining({ code: 'letters.template_unknown_tag', params: expect.objectContaining({ file: 'mal.docx', tag: '{hilsen}' }) }),
    );
    expect(() => checkTemplate(withDocument(base, (x) => x.replace('{closing}', '{weight}')), 'mal.docx', VOCABULARY)).toThrow(expect.objectContaining({ params: expect.objectContaining({ tag: '{weight}' }) }));
    // inside its loop, a loop field is fine
    expect(() => checkTemplate(withDocument(base, (x) => x.replace('{#criteria}{name}', '{#criteria}{name} {weight}')), 'mal.docx', VOCABULARY)).not.toThrow();
    expect(() => checkTemplate(withDocument(base, (x) => x.replace('{closing}', '{closing')), 'mal.docx', VOCABULARY)).toThrow(expect.objectContaining({ code: 'letters.template_invalid' }));
    expect(() => checkTemplate(Buffer.from('PK nothing'), 'mal.docx', VOCABULARY)).toThrow(expect.objectContaining({ code: 'letters.template_not_docx' }));
    const empty = new PizZip();
    empty.file('a.txt', 'x');
    expect(() => checkTemplate(empty.generate({ type: 'nodebuffer' }), 'mal.docx', VOCABULARY)).toThrow(expect.objectContaining({ code: 'letters.template_not_docx' }));
  });
});
