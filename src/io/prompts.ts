/**
 * The Inquirer prompter: the only place that imports @inquirer. Ctrl-C makes
 * Inquirer reject with ExitPromptError, which the CLI maps to exit 130.
 */
import { createPrompt, isDownKey, isEnterKey, isUpKey, makeTheme, useKeypress, useMemo, usePrefix, useRef, useState, type Status } from '@inquirer/core';
import { input } from '@inquirer/prompts';
import type { Choice, Prompter } from './prompter.js';

interface KeySelectConfig<T> {
  message: string;
  choices: Choice<T>[];
  default?: T;
  pageSize?: number;
  hint?: string;
  /** typing filters the choices (by their names) instead of picking by key; `pinned` ones always show */
  filter?: boolean;
  /** the line shown when the filter matches nothing */
  noMatch?: string;
}

/**
 * A select where each choice may have a key that picks it at once (a score's digit, `n` for
 * n/a), or — with `filter` — where typing narrows the list. Arrows and Enter work as usual.
 * Without a default nothing is highlighted, so Enter alone picks nothing: a stray Enter never
 * gives a score. Only the visible window of choices is rendered (a list of 10 000
 * applications answers a key as fast as one of ten).
 */
export const keySelect = createPrompt(<T>(config: KeySelectConfig<T>, done: (value: T) => void) => {
  const { choices } = config;
  const pageSize = config.pageSize ?? 12;
  const theme = makeTheme({});
  const [status, setStatus] = useState<Status>('idle');
  const [query, setQuery] = useState('');
  // each choice's name in lower case, once per prompt: what the filter searches
  const haystack = useMemo(() => (config.filter ? choices.map((c) => c.name.toLowerCase()) : []), [choices]);
  const visible = useMemo(() => {
    const all: number[] = [];
    const q = query.trim().toLowerCase();
    for (let i = 0; i < choices.length; i++) {
      if (choices[i].disabled) continue;
      if (q && !choices[i].pinned && !haystack[i].includes(q)) continue;
      all.push(i);
    }
    return all;
  }, [query, choices]);
  const initial = config.default === undefined ? -1 : visible.findIndex((i) => choices[i].value === config.default);
  // the cursor, as a position in `visible`; -1: on nothing
  const [cursor, setCursor] = useState(initial);
  const top = useRef(Math.max(0, initial - Math.floor(pageSize / 2)));
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (status === 'done') return;
    if (isEnterKey(key)) {
      if (cursor < 0 || cursor >= visible.length) return;
      setStatus('done');
      done(choices[visible[cursor]].value);
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      if (visible.length === 0) return;
      const step = isUpKey(key) ? -1 : 1;
      // from nothing, down goes to the first and up to the last
      setCursor(cursor < 0 ? (step > 0 ? 0 : visible.length - 1) : (cursor + step + visible.length) % visible.length);
      return;
    }
    if (config.filter) {
      if (key.name === 'escape') rl.clearLine(0);
      if (rl.line !== query) {
        setQuery(rl.line);
        // the first match is where Enter goes
        setCursor(0);
        top.current = 0;
      }
      return;
    }
    const typed = (key.name ?? '').length === 1 ? key.name : rl.line.slice(-1);
    rl.clearLine(0);
    const hit = choices.findIndex((c) => !c.disabled && c.key !== undefined && c.key.toLowerCase() === String(typed).toLowerCase());
    if (hit >= 0) {
      setCursor(visible.indexOf(hit));
      setStatus('done');
      done(choices[hit].value);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') {
    const picked = cursor >= 0 ? choices[visible[cursor]] : undefined;
    return `${prefix} ${message} ${theme.style.answer(picked?.name ?? '')}`;
  }
  // the window follows the cursor, moving only when it would leave it
  if (cursor >= 0 && cursor < top.current) top.current = cursor;
  if (cursor >= top.current + pageSize) top.current = cursor - pageSize + 1;
  if (top.current > Math.max(0, visible.length - pageSize)) top.current = Math.max(0, visible.length - pageSize);
  const lines: string[] = [];
  for (let p = top.current; p < Math.min(visible.length, top.current + pageSize); p++) {
    const item = choices[visible[p]];
    const line = `${!config.filter && item.key ? `${item.key}) ` : ''}${item.name}`;
    lines.push(p === cursor ? theme.style.highlight(`❯ ${line}`) : `  ${line}`);
  }
  if (visible.length === 0 || (config.filter && visible.every((i) => choices[i].pinned))) lines.unshift(theme.style.help(`  ${config.noMatch ?? '–'}`));
  if (visible.length > pageSize) lines.push(theme.style.help(`  (${Math.max(cursor, 0) + 1}/${visible.length})`));
  const description = cursor >= 0 ? choices[visible[cursor]]?.description : undefined;
  if (description) lines.push(theme.style.help(description));
  const head = `${prefix} ${message}${config.hint ? ' ' + theme.style.help(config.hint) : ''}${config.filter ? ' ' + query : ''}`;
  return [head, lines.join('\n')];
});

/** The hints the prompter shows, in the user's language: each says what the keys of that list do. */
export interface PromptWords {
  /** choices with a key: the key picks at once */
  keys: string;
  /** a list to type in: typing filters */
  filter: string;
  /** arrows and Enter only */
  arrows: string;
  /** the filter matched nothing */
  noMatch: string;
  required: string;
  yes: string;
  no: string;
}

/** Where the prompts read keys and draw (the terminal unless a test gives streams). */
export interface PromptStreams {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export class InquirerPrompter implements Prompter {
  constructor(
    private readonly write: (s: string) => void,
    private readonly words: PromptWords,
    private readonly streams: PromptStreams = {},
  ) {}
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number; filter?: boolean }): Promise<T> {
    // the hint says what this list's keys do, and only that
    const hint = opts.filter ? this.words.filter : opts.choices.some((c) => c.key) ? this.words.keys : this.words.arrows;
    return keySelect<T>({ ...opts, hint, noMatch: this.words.noMatch }, this.streams) as Promise<T>;
  }
  /** yes/no in the user's language, the first letter picking at once (j/n, y/n) */
  confirm(opts: { message: string; default?: boolean }): Promise<boolean> {
    const { yes, no } = this.words;
    return keySelect<boolean>({
      message: opts.message,
      choices: [
        { value: true, name: yes, key: yes[0].toLowerCase() },
        { value: false, name: no, key: no[0].toLowerCase() },
      ],
      default: opts.default ?? false,
      hint: this.words.keys,
    }, this.streams) as Promise<boolean>;
  }
  input(opts: { message: string; default?: string; required?: boolean }): Promise<string> {
    const required = this.words.required;
    return input({
      message: opts.message,
      default: opts.default || undefined,
      validate: opts.required ? (v: string) => (v.trim() ? true : required) : undefined,
    }, this.streams);
  }
  show(text: string): void {
    this.write(text + '\n');
  }
}
