import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  normalizeHeader,
  matchHeaders,
  matchFields,
  missingColumnIssue,
  mapExample,
  parseMapOptions,
  resolveField,
  applicationFields,
  APPLICATION_FIELDS,
} from '../../src/core/headers.js';
import { matchScoreHeaders, scoreFields } from '../../src/core/score-headers.js';
import { fields } from '../../src/io/i18n/catalog-fields.js';
import { translator } from '../../src/io/i18n/index.js';
import type { Issue } from '../../src/core/errors.js';

function expectExplained(issue: Issue) {
  for (const lang of ['en', 'nb'] as const) {
    const template = fields[lang][issue.code];
    expect(template, `${lang} ${issue.code}`).toBeDefined();
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(issue.params, `${issue.code} {${name}}`).toHaveProperty(name);
  }
}

const NB = ['Saksnummer', 'Søker', 'Organisasjonsnummer', 'Prosjektnavn', 'Samarbeidsklynger', 'Søkt beløp', 'Sammendrag', 'Innsendt'];

describe('normalizeHeader', () => {
  it.each([
    ['Søkt beløp', 'sokt belop'],
    ['sokt_belop', 'sokt belop'],
    ['SØKT-BELØP', 'sokt belop'],
    ['Søkt.beløp', 'sokt belop'],
    ['  Søkt  __ beløp ', 'sokt belop'],
    ['Ærend', 'aerend'],
    ['Åpen', 'apen'],
    ['Référence', 'reference'],
    ['E-post', 'e post'],
    ['Tittel *', 'tittel'],
  ])('%j → %j', (h, n) => {
    expect(normalizeHeader(h)).toBe(n);
  });
});

describe('matchHeaders', () => {
  it('matches the Norwegian headers of an Excel export', () => {
    const m = matchHeaders(NB);
    expect(m.columns).toEqual({ ref: 0, applicant: 1, orgNumber: 2, title: 3, partners: 4, requested: 5, summary: 6, submitted: 7 });
    expect(m).toMatchObject({ unknown: [], missing: [], issues: [] });
  });

  it('matches English headers, field names and spelling variants', () => {
    const m = matchHeaders(['Reference', 'Applicant name', 'orgNumber', 'Project title', 'Partner clusters', 'Amount requested', 'Total budget', 'Description', 'Contact person', 'E-mail', 'Date submitted']);
    expect(m.columns).toEqual({ ref: 0, applicant: 1, orgNumber: 2, title: 3, partners: 4, requested: 5, projectBudget: 6, summary: 7, contactName: 8, contactEmail: 9, submitted: 10 });
    expect(m.issues).toEqual([]);
  });

  it.each([
    ['saksnr', 'ref'],
    ['Søknadsnummer', 'ref'],
    ['ID', 'ref'],
    ['case number', 'ref'],
    ['SØKERORGANISASJON', 'applicant'],
    ['organization', 'applicant'],
    ['org_number', 'orgNumber'],
    ['Org. nr.', 'orgNumber'],
    ['organisation number', 'orgNumber'],
    ['Prosjekttittel', 'title'],
    ['project', 'title'],
    ['partnere', 'partners'],
    ['samarbeidspartnere', 'partners'],
    ['beløp', 'requested'],
    ['Omsøkt beløp', 'requested'],
    ['Søkt beløp (kr)', 'requested'],
    ['Beløp i NOK', 'requested'],
    ['requested amount', 'requested'],
    ['Kostnadsramme', 'projectBudget'],
    ['prosjektbudsjett', 'projectBudget'],
    ['budget', 'projectBudget'],
    ['prosjektbeskrivelse', 'summary'],
    ['kontakt', 'contactName'],
    ['epost', 'contactEmail'],
    ['E-post', 'contactEmail'],
    ['contact email', 'contactEmail'],
    ['dato', 'submitted'],
    ['Innsendt dato', 'submitted'],
  ])('%j means %s', (header, field) => {
    expect(resolveField(applicationFields, header)).toBe(field);
  });

  it('keeps unknown columns with their index', () => {
    const m = matchHeaders([...NB, 'Fylke', 'Saksbehandler']);
    expect(m.unknown).toEqual([
      { index: 8, name: 'Fylke' },
      { index: 9, name: 'Saksbehandler' },
    ]);
    expect(m.issues).toEqual([]);
  });

  it('reports a field matched by two columns, naming both', () => {
    const m = matchHeaders(['ref', 'applicant', 'title', 'Søkt beløp', 'amount']);
    expect(m.columns.requested).toBe(3);
    expect(m.issues).toHaveLength(1);
    expect(m.issues[0]).toMatchObject({ code: 'header.duplicate-field', params: { field: 'requested', columns: ['Søkt beløp', 'amount'], example: '--map "requested=Søkt beløp"' } });
    expectExplained(m.issues[0]);
  });

  it('reports every missing required field with the columns the file has and a --map fix', () => {
    const headers = readFileSync(new URL('../fixtures/applications-foreign-headers.csv', import.meta.url), 'utf8').split('\n')[0].split(';');
    const m = matchHeaders(headers);
    expect(m.columns).toEqual({ orgNumber: 2, summary: 5 });
    expect(m.missing).toEqual(['ref', 'applicant', 'title', 'requested']);
    expect(m.issues.map((i) => i.code)).toEqual(['header.missing', 'header.missing', 'header.missing', 'header.missing']);
    const byField = Object.fromEntries(m.issues.map((i) => [i.params.field, i.params.example]));
    expect(byField).toEqual({
      ref: '--map ref=prosjektnummer',
      applicant: '--map applicant=prosjektansvarlig_navn',
      title: '--map title=tiltak',
      requested: '--map requested=omsøkt_sum',
    });
    expect(m.issues[0].params.columns).toEqual(headers);
    for (const i of m.issues) expectExplained(i);
    const en = translator('en')(m.issues[0].code, m.issues[0].params);
    expect(en).toContain('prosjektnummer, prosjektansvarlig_navn, orgnr, tiltak, omsøkt_sum, beskrivelse');
    expect(en).toContain('--map ref=prosjektnummer');
    expect(translator('nb')(m.issues[0].code, m.issues[0].params)).toContain('--map ref=prosjektnummer');
  });

  it('uses --map to name the columns of a foreign file', () => {
    const headers = ['prosjektnummer', 'prosjektansvarlig_navn', 'orgnr', 'tiltak', 'omsøkt_sum', 'beskrivelse'];
    const m = matchHeaders(headers, { ref: 'prosjektnummer', applicant: 'Prosjektansvarlig navn', title: 'TILTAK', 'søkt beløp': 'omsøkt_sum' });
    expect(m.columns).toEqual({ ref: 0, applicant: 1, orgNumber: 2, title: 3, requested: 4, summary: 5 });
    expect(m).toMatchObject({ unknown: [], missing: [], issues: [] });
  });

  it('lets --map win over a column that merely has the name, keeping that one as unknown', () => {
    const m = matchHeaders(['Saksnummer', 'Vårt saksnr', 'Søker', 'Tittel', 'Beløp'], { ref: 'Vårt saksnr' });
    expect(m.columns.ref).toBe(1);
    expect(m.unknown).toEqual([{ index: 0, name: 'Saksnummer' }]);
    expect(m.issues).toEqual([]);
  });

  it('reports a --map to a column the file lacks, an unknown field and a field mapped twice', () => {
    const m = matchHeaders(NB, { ref: 'Prosjektnummer', budsjettt: 'Budsjett', title: 'Prosjektnavn', tittel: 'Sammendrag' });
    const codes = m.issues.map((i) => i.code);
    expect(codes).toEqual(['header.map-column-missing', 'header.map-unknown-field', 'header.map-duplicate-field']);
    expect(m.issues[0].params).toMatchObject({ field: 'ref', column: 'Prosjektnummer', columns: NB });
    expect(m.issues[1].params).toMatchObject({ field: 'budsjettt' });
    expect(m.issues[2].params).toMatchObject({ field: 'title', columns: ['Prosjektnavn', 'Sammendrag'] });
    // the missing column was reported once, as a --map problem, not again as a missing field
    expect(m.missing).toEqual(['ref']);
    for (const i of m.issues) expectExplained(i);
  });

  it('suggests a column for a missing field even when no column is unknown', () => {
    const issue = missingColumnIssue(applicationFields, 'ref', ['Søker', 'Tittel', 'Beløp']);
    expect(issue.params.example).toMatch(/^--map ref=/);
    expect(missingColumnIssue(applicationFields, 'ref', []).params.example).toBe('--map ref=...');
  });

  it('quotes a --map example for the shell when the column needs it', () => {
    expect(mapExample('ref', 'prosjektnummer')).toBe('--map ref=prosjektnummer');
    expect(mapExample('ref', 'Prosjekt nr')).toBe('--map "ref=Prosjekt nr"');
    expect(mapExample('ref', 'Kostnad ($)')).toBe('--map "ref=Kostnad (\\$)"');
    expect(mapExample('ref', 'Sak "A"')).toBe(`--map 'ref=Sak "A"'`);
  });

  it('has no alias that two fields claim', () => {
    for (const f of APPLICATION_FIELDS) for (const a of applicationFields.aliases[f]) expect(resolveField(applicationFields, a), a).toBe(f);
    for (const f of scoreFields.fields) for (const a of scoreFields.aliases[f]) expect(resolveField(scoreFields, a), a).toBe(f);
  });

  it('refuses a table whose aliases collide', () => {
    const table = { fields: ['a', 'b'] as const, required: [], aliases: { a: ['x'], b: ['X'] } };
    expect(() => matchFields(table, ['x'])).toThrow(/claimed by both/);
  });
});

describe('parseMapOptions', () => {
  it('reads field=Column pairs, allowing = and spaces in the column', () => {
    expect(parseMapOptions(['ref=prosjektnummer', ' applicant = Prosjektansvarlig navn ', 'title=a=b'])).toEqual({
      map: { ref: 'prosjektnummer', applicant: 'Prosjektansvarlig navn', title: 'a=b' },
      issues: [],
    });
  });

  it('reports a value that is not field=Column, and a field given twice', () => {
    const { map, issues } = parseMapOptions(['ref', '=x', 'ref=a', 'ref=b', 'title=']);
    expect(map).toEqual({ ref: 'a' });
    expect(issues.map((i) => i.code)).toEqual(['header.map-syntax', 'header.map-syntax', 'header.map-duplicate-field', 'header.map-syntax']);
    for (const i of issues) expectExplained(i);
  });
});

describe('matchScoreHeaders', () => {
  it('matches Norwegian and English score headers', () => {
    expect(matchScoreHeaders(['Vurderer', 'Saksnummer', 'Kriterium', 'Poeng', 'Begrunnelse'])).toMatchObject({
      columns: { evaluator: 0, ref: 1, criterion: 2, score: 3, comment: 4 },
      issues: [],
    });
    expect(matchScoreHeaders(['evaluator', 'ref', 'criterion', 'value', 'justification']).columns).toEqual({ evaluator: 0, ref: 1, criterion: 2, score: 3, comment: 4 });
    expect(matchScoreHeaders(['Bedømmer', 'ref', 'kriterium', 'karakter', 'kommentar']).columns).toEqual({ evaluator: 0, ref: 1, criterion: 2, score: 3, comment: 4 });
    expect(matchScoreHeaders(['bedommer', 'sak', 'criterion', 'verdi']).columns).toEqual({ evaluator: 0, ref: 1, criterion: 2, score: 3 });
  });

  it('reports missing required score columns with a --map fix, the comment being optional', () => {
    const m = matchScoreHeaders(['Fagperson', 'Søknad', 'Tema', 'Poengsum']);
    expect(m.missing).toEqual(['evaluator', 'criterion']);
    const examples = m.issues.map((i) => i.params.example);
    expect(examples).toEqual(['--map evaluator=Fagperson', '--map criterion=Tema']);
  });

  it('takes --map for score files too', () => {
    const m = matchScoreHeaders(['Fagperson', 'Søknad', 'Tema', 'Poengsum'], { vurderer: 'fagperson', criterion: 'Tema' });
    expect(m).toMatchObject({ columns: { evaluator: 0, ref: 1, criterion: 2, score: 3 }, missing: [], issues: [] });
  });
});
