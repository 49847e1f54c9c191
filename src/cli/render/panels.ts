/** Rendering a call's panels (`klynge assign --list`). */
import type { Output } from '../../io/output.js';
import { renderTable } from '../../io/table.js';
import { safe } from '../../io/text.js';
import type { AssignmentRow } from '../../services/panels.js';
import { formatDate } from './applications.js';

export function renderAssignmentList(out: Output, rows: AssignmentRow[]): string {
  const { t, lang } = out;
  return renderTable(
    out,
    [{ header: t('col.ref') }, { header: t('panels.col.evaluator'), wrap: true }, { header: t('panels.col.assigned'), wrap: true }],
    rows.map((r) => [safe(r.ref), safe(r.evaluator), `${safe(r.assignedBy)}, ${formatDate(r.assignedAt.slice(0, 10), lang)}`]),
    { footer: [[t('panels.count', { count: rows.length }), '', '']] },
  );
}
