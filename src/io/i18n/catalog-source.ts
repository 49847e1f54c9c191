/**
 * The messages of one language, from the catalogue parts. The bundled program
 * replaces this module (scripts/bundle.mjs) with one that reads the language's
 * messages as JSON written at build time: parsing both languages' 90 KB of object
 * literals cost --help about a tenth of its start-up.
 */
import type { Lang } from '../../core/call.js';
import type { Catalog, CatalogPart } from './index.js';
import { common } from './catalog-common.js';
import { fields } from './catalog-fields.js';
import { ranking } from './catalog-ranking.js';
import { applications } from './catalog-applications.js';
import { scoring } from './catalog-scoring.js';
import { allocation } from './catalog-allocation.js';
import { reports } from './catalog-reports.js';
import { summary } from './catalog-summary.js';
import { exportCatalog } from './catalog-export.js';
import { letters } from './catalog-letters.js';
import { caseCatalog } from './catalog-case.js';
import { callUpdateCatalog } from './catalog-callupdate.js';
import { stateAidCatalog } from './catalog-stateaid.js';
import { panelsCatalog } from './catalog-panels.js';
import { offersCatalog } from './catalog-offers.js';
import { appealsCatalog } from './catalog-appeals.js';
import { pgCatalog } from './catalog-pg.js';

const parts: CatalogPart[] = [common, fields, ranking, applications, scoring, allocation, reports, summary, exportCatalog, letters, caseCatalog, callUpdateCatalog, stateAidCatalog, panelsCatalog, offersCatalog, appealsCatalog, pgCatalog];

export function catalogSource(lang: Lang): Catalog {
  const out: Catalog = {};
  for (const p of parts) Object.assign(out, p[lang]);
  return out;
}
