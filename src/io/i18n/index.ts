/**
 * The message catalogue: every user-facing sentence in nb and en. Each area of
 * the program keeps its own part (catalog-*.ts) with the same keys in both languages.
 * A language is loaded when first asked for (catalog-source.ts): the program that
 * runs needs one of the two.
 */
import type { Lang } from '../../core/call.js';
import { formatMoney, formatNumber, safe } from '../text-plain.js';
import { catalogSource } from './catalog-source.js';

export type Catalog = Record<string, string>;
export interface CatalogPart {
  en: Catalog;
  nb: Catalog;
}

const loaded: Partial<Record<Lang, Catalog>> = {};
const catalog = (lang: Lang): Catalog => (loaded[lang] ??= catalogSource(lang));

/** All keys of a language, for the completeness test. */
export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalog(lang));
}

/**
 * Whether the catalogue has a message for `key`. Both languages have the same keys (a test
 * checks), so the one already loaded answers: no second language read just to look.
 */
export function hasMessage(key: string): boolean {
  return key in (loaded.nb ?? loaded.en ?? catalog('en'));
}

export type Formatter = (key: string, params?: Record<string, unknown>) => string;

/** Money given as { money: øre } in params is formatted for the language. */
export interface MoneyParam {
  money: number;
}

export { formatMoney, formatNumber } from '../text-plain.js';

/** Build the translator for a language. Unknown keys fall back to English, then to the key itself. */
export function translator(lang: Lang): Formatter {
  const cat = catalog(lang);
  return (key, params = {}) => {
    const template = cat[key] ?? (lang === 'en' ? undefined : catalog('en')[key]) ?? key;
    // most texts (every help line at start-up) have no placeholder
    if (!template.includes('{')) return template;
    // {count?problem|problems}: the singular when the parameter is 1, else the plural
    return template.replace(/\{(\w+)\?([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, many: string) => (params[name] === 1 ? one : many)).replace(/\{(\w+)\}/g, (m, name: string) => {
      if (!(name in params)) return m;
      return renderParam(params[name], lang);
    });
  };
}

/**
 * A parameter is data (a name, a title, a ref, a file name): it is made harmless
 * for a terminal here, where it meets the sentence, so no message can carry an
 * escape from an imported file (text.ts `safe`: shown as control pictures).
 */
function renderParam(v: unknown, lang: Lang): string {
  return safe(paramText(v, lang));
}

/** A word from the catalogue given as { term: key } (a status, a state), in the message's language. */
export interface TermParam {
  term: string;
}

/** A day given as { date: 'YYYY-MM-DD' }: 15.09.2021 in nb, 2021-09-15 in en. */
export interface DateParam {
  date: string;
}

/** A number with decimals given as { decimal: x, places }: 3,33 in nb, 3.33 in en (places default 2). */
export interface DecimalParam {
  decimal: number;
  places?: number;
}

function paramText(v: unknown, lang: Lang): string {
  if (v && typeof v === 'object' && 'decimal' in v && typeof (v as DecimalParam).decimal === 'number') return formatNumber((v as DecimalParam).decimal, lang, (v as DecimalParam).places ?? 2);
  if (v && typeof v === 'object' && 'money' in v && typeof (v as MoneyParam).money === 'number') return formatMoney((v as MoneyParam).money, lang);
  if (v && typeof v === 'object' && 'term' in v && typeof (v as TermParam).term === 'string') return translator(lang)((v as TermParam).term);
  if (v && typeof v === 'object' && 'date' in v && typeof (v as DateParam).date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((v as DateParam).date);
    return m ? (lang === 'nb' ? `${m[3]}.${m[2]}.${m[1]}` : m[0]) : (v as DateParam).date;
  }
  // a text from the call in both languages ({ nb, en }): the user's language
  if (v && typeof v === 'object' && !Array.isArray(v) && ('nb' in v || 'en' in v)) {
    const o = v as { nb?: string; en?: string };
    return o[lang] ?? o.nb ?? o.en ?? '';
  }
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}
