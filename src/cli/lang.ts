/** The language of messages, decided before anything else is loaded. */
import type { Lang } from '../core/call.js';

/** Resolve the language: --lang, KLYNGE_LANG, then the locale (nb/nn/no → nb, otherwise en). */
export function resolveLang(argv: string[], env: Record<string, string | undefined>): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v === 'nb' || v === 'en') return v;
  }
  const fromEnv = env.KLYNGE_LANG;
  if (fromEnv === 'nb' || fromEnv === 'en') return fromEnv;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale || '';
  return /^(nb|nn|no)([_.-]|$)/i.test(locale) ? 'nb' : 'en';
}
