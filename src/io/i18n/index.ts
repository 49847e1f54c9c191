/**
 * The message catalogue: every user-facing sentence in nb and en. Each area of
 * the program keeps its own part (catalog-*.ts) with the same keys in both languages.
 */
import type { Lang } from '../../core/call.js';
import { common } from './catalog-common.js';
import { fields } from './catalog-fields.js';
import { ranking } from './catalog-ranking.js';
import { applications } from './catalog-applications.js';
import { scoring } from './catalog-scoring.js';
import { allocation } from './catalog-allocation.js';
import { reports } from './catalog-reports.js';
import { summary } from './catalog-summary.js';
import { exportCatalog } from './catalog-export.js';

export type Catalog = Record<string, string>;
export interface CatalogPart {
  en: Catalog;
  nb: Catalog;
}

const parts: CatalogPart[] = [common, fields, ranking, applications, scoring, allocation, reports, summary, exportCatalog];

const catalogs: Record<Lang, Catalog> = { en: {}, nb: {} };
for (const p of parts) {
  Object.assign(catalogs.en, p.en);
  Object.assign(catalogs.nb, p.nb);
}

/** All keys of a language, for the completeness test. */
export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang]);
}

export function hasMessage(key: string): boolean {
  return key in catalogs.en;
}

export type Formatter = (key: string, params?: Record<string, unknown>) => string;

/** Money given as { money: øre } in params is formatted for the language. */
export interface MoneyParam {
  money: number;
}

/** Format an amount in øre: `8 000 000 kr` (nb) / `NOK 8,000,000` (en); øre only when there are some. */
export function formatMoney(ore: number, lang: Lang): string {
  const neg = ore < 0;
  const abs = Math.abs(ore);
  const kr = Math.trunc(abs / 100);
  const rest = abs % 100;
  const group = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  if (lang === 'nb') {
    const s = group(kr, ' ') + (rest ? ',' + String(rest).padStart(2, '0') : '');
    return `${neg ? '−' : ''}${s} kr`;
  }
  const s = group(kr, ',') + (rest ? '.' + String(rest).padStart(2, '0') : '');
  return `${neg ? '-' : ''}NOK ${s}`;
}

/** A plain number with the language's decimal mark: 3,67 (nb) / 3.67 (en). */
export function formatNumber(x: number, lang: Lang, decimals = 2): string {
  const s = x.toFixed(decimals);
  return lang === 'nb' ? s.replace('.', ',') : s;
}

/** Build the translator for a language. Unknown keys fall back to English, then to the key itself. */
export function translator(lang: Lang): Formatter {
  const cat = catalogs[lang];
  return (key, params = {}) => {
    const template = cat[key] ?? catalogs.en[key] ?? key;
    // most texts (every help line at start-up) have no placeholder
    if (!template.includes('{')) return template;
    // {count?problem|problems}: the singular when the parameter is 1, else the plural
    return template.replace(/\{(\w+)\?([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, many: string) => (params[name] === 1 ? one : many)).replace(/\{(\w+)\}/g, (m, name: string) => {
      if (!(name in params)) return m;
      return renderParam(params[name], lang);
    });
  };
}

function renderParam(v: unknown, lang: Lang): string {
  if (v && typeof v === 'object' && 'money' in v && typeof (v as MoneyParam).money === 'number') return formatMoney((v as MoneyParam).money, lang);
  // a text from the call in both languages ({ nb, en }): the user's language
  if (v && typeof v === 'object' && !Array.isArray(v) && ('nb' in v || 'en' in v)) {
    const o = v as { nb?: string; en?: string };
    return o[lang] ?? o.nb ?? o.en ?? '';
  }
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
