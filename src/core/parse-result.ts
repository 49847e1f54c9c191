import type { Params } from './errors.js';

/** The outcome of parsing one field: a value, or a message code with parameters. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; params: Params };

export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, params: Params = {}): ParseResult<T> => ({ ok: false, code, params });
