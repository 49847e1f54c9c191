/** Messages for export. */
import type { CatalogPart } from './index.js';

const en = {
  'help.export':
    'export every application with its scores and decision: csv (one row per application, for a spreadsheet), json (everything), or 360giving (grants in the 360Giving Data Standard\'s CSV columns)',
  'help.export.format': 'csv, json or 360giving (default: csv; json under --json)',
  'help.export.out': 'write to this file (replaced whole, never half-written) instead of stdout; a csv file gets a BOM so Excel reads æøå',
  'help.export.include_rejected': '360giving: also list rejected applications, with 0 awarded',
  'help.export.id_prefix': '360giving: the grant identifier prefix (default: the funder\'s identifier in the call, else 360G-klynge-)',
  'help.export.examples':
    '  $ klynge export --format csv --out søknader.csv\n  $ klynge export --format json > søknader.json\n  $ klynge export --format 360giving --out tilskudd-360giving.csv\n  $ klynge export --format 360giving --include-rejected --id-prefix 360G-viken-',
  'usage.export_format': 'Unknown export format "{format}": choose one of {formats}.',
  'usage.export_json_format': '--json asks for a JSON export, but --format says {format}: leave out one of them.',
  'usage.export_360giving_only': '{option} only applies to --format 360giving.',
  'export.no_decisions': 'No allocation is stored for {call}, so there are no grants to export. Run "klynge allocate" first.',
  'export.written': 'Wrote {count} row(s) as {format} to {file}.',
  'export.written_json': 'Wrote {count} application(s) as JSON to {file}.',
};

const nb: typeof en = {
  'help.export':
    'eksporter alle søknader med poeng og vedtak: csv (én rad per søknad, for regneark), json (alt) eller 360giving (tilskudd i kolonnene til 360Giving Data Standard)',
  'help.export.format': 'csv, json eller 360giving (standard: csv; json med --json)',
  'help.export.out': 'skriv til denne filen (erstattes helt, aldri halvskrevet) i stedet for stdout; en csv-fil får BOM så Excel leser æøå riktig',
  'help.export.include_rejected': '360giving: ta også med avslåtte søknader, med 0 tildelt',
  'help.export.id_prefix': '360giving: prefiks for tilskuddets identifikator (standard: tilskuddsgivers identifikator i utlysningen, ellers 360G-klynge-)',
  'help.export.examples':
    '  $ klynge export --format csv --out søknader.csv\n  $ klynge export --format json > søknader.json\n  $ klynge export --format 360giving --out tilskudd-360giving.csv\n  $ klynge export --format 360giving --include-rejected --id-prefix 360G-viken-',
  'usage.export_format': 'Ukjent eksportformat «{format}»: velg ett av {formats}.',
  'usage.export_json_format': '--json ber om JSON-eksport, men --format sier {format}: ta bort ett av dem.',
  'usage.export_360giving_only': '{option} gjelder bare for --format 360giving.',
  'export.no_decisions': 'Ingen tildeling er lagret for {call}, så det finnes ingen tilskudd å eksportere. Kjør «klynge allocate» først.',
  'export.written': 'Skrev {count} rad(er) som {format} til {file}.',
  'export.written_json': 'Skrev {count} søknad(er) som JSON til {file}.',
};

export const exportCatalog: CatalogPart = { en, nb };
