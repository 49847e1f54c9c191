/** Rendering the conflicts of interest (*inhabilitet*) of a call. */
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { ConflictListRow } from '../../services/case.js';
import { formatDate } from './applications.js';

export function renderConflictList(out: Output, rows: ConflictListRow[]): string {
  const { t, lang } = out;
  return renderTable(
    out,
    [
      { header: t('col.ref') },
      { header: t('case.col.evaluator'), wrap: true },
      { header: t('case.col.reason'), wrap: true },
      { header: t('case.col.declared'), wrap: true },
    ],
    rows.map((r) => [safe(r.ref), safe(r.evaluator), safe(r.reason), `${safe(r.declaredBy)}, ${formatDate(r.declaredAt.slice(0, 10), lang)}`]),
    { footer: [[t('case.conflict.count', { count: rows.length }), '', '', '']] },
  );
}
