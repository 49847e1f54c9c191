/** What an import did, in words or as JSON. */
import type { Output } from '../../io/output.js';
import type { ImportReport } from '../../services/import-applications.js';

const DELIMITER_NAMES: Record<string, string> = { ';': ';', ',': ',', '\t': 'tab' };

export function importReportJson(r: ImportReport): unknown {
  return {
    file: r.file,
    call: r.call,
    dryRun: r.dryRun,
    encoding: r.encoding,
    delimiter: DELIMITER_NAMES[r.delimiter] ?? r.delimiter,
    rows: r.rows,
    added: r.added,
    updated: r.updated,
    unchanged: r.unchanged,
    requested: r.requested / 100,
    unknownColumns: r.unknownColumns,
    warnings: r.warnings.map((w) => ({ code: w.code, ...w.params })),
  };
}

/** A warning in words; field names in the user's language. */
export function warningText(out: Output, w: ImportReport['warnings'][number]): string {
  const params = { ...w.params };
  if (typeof params.more === 'number' && params.more > 0) params.columns = out.t('import.columns_more', { columns: params.columns, count: params.more });
  if (typeof params.fields === 'string') params.fields = params.fields.split(', ').map((f) => out.t(`field.${f}`)).join(out.t('and'));
  return out.t(w.code, params);
}

export function renderImportReport(out: Output, r: ImportReport): void {
  const { t } = out;
  out.line(
    t(r.dryRun ? 'import.done_dry' : 'import.done', {
      file: r.file,
      call: r.call,
      encoding: r.encoding.toUpperCase(),
      delimiter: DELIMITER_NAMES[r.delimiter] ?? r.delimiter,
    }),
  );
  out.line('  ' + t(r.dryRun ? 'import.counts_dry' : 'import.counts', { added: r.added, updated: r.updated, unchanged: r.unchanged, requested: { money: r.requested }, rows: r.rows }));
  for (const w of r.warnings) out.warn(warningText(out, w));
}
