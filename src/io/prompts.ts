/**
 * The Inquirer prompter: the only place that imports @inquirer. Ctrl-C makes
 * Inquirer reject with ExitPromptError, which the CLI maps to exit 130.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
  type Status,
} from '@inquirer/core';
import { input } from '@inquirer/prompts';
import type { Choice, Prompter } from './prompter.js';

interface KeySelectConfig<T> {
  message: string;
  choices: Choice<T>[];
  default?: T;
  pageSize?: number;
  hint?: string;
}

/**
 * A select where each choice may have a key that picks it at once (a score's
 * digit, `n` for n/a); arrows and Enter work as usual, and the default is highlighted.
 */
export const keySelect = createPrompt(<T>(config: KeySelectConfig<T>, done: (value: T) => void) => {
  const { choices } = config;
  const theme = makeTheme({});
  const enabled = (i: number) => !choices[i].disabled;
  const first = choices.findIndex((_, i) => enabled(i));
  const initial = config.default === undefined ? -1 : choices.findIndex((c, i) => c.value === config.default && enabled(i));
  const [active, setActive] = useState(initial >= 0 ? initial : first);
  const [status, setStatus] = useState<Status>('idle');
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      setStatus('done');
      done(choices[active].value);
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      const step = isUpKey(key) ? -1 : 1;
      let next = active;
      for (let i = 0; i < choices.length; i++) {
        next = (next + step + choices.length) % choices.length;
        if (enabled(next)) break;
      }
      setActive(next);
      return;
    }
    const typed = (key.name ?? '').length === 1 ? key.name : rl.line.slice(-1);
    const hit = choices.findIndex((c, i) => enabled(i) && c.key !== undefined && c.key.toLowerCase() === String(typed).toLowerCase());
    rl.clearLine(0);
    if (hit >= 0) {
      setActive(hit);
      setStatus('done');
      done(choices[hit].value);
    }
  });

  const page = usePagination({
    items: choices,
    active,
    pageSize: config.pageSize ?? 12,
    loop: false,
    renderItem: ({ item, isActive, index }) => {
      const k = item.key ? `${item.key}) ` : '';
      const line = `${k}${item.name}`;
      if (item.disabled) return theme.style.help(`  ${line}${typeof item.disabled === 'string' ? ` (${item.disabled})` : ''}`);
      return isActive ? theme.style.highlight(`❯ ${line}`) : `  ${line}` + (index === initial && !isActive ? '' : '');
    },
  });
  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(choices[active].name)}`;
  const description = choices[active].description;
  return `${prefix} ${message}${config.hint ? ' ' + theme.style.help(config.hint) : ''}\n${page}${description ? '\n' + theme.style.help(description) : ''}`;
});

export class InquirerPrompter implements Prompter {
  constructor(
    private readonly write: (s: string) => void,
    private readonly words: { select: string; required: string; yes: string; no: string },
  ) {}
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T> {
    // the key hint only where a choice has a key
    return keySelect<T>({ ...opts, hint: opts.choices.some((c) => c.key) ? this.words.select : undefined }) as Promise<T>;
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
    }) as Promise<boolean>;
  }
  input(opts: { message: string; default?: string; required?: boolean }): Promise<string> {
    const required = this.words.required;
    return input({
      message: opts.message,
      default: opts.default || undefined,
      validate: opts.required ? (v: string) => (v.trim() ? true : required) : undefined,
    });
  }
  show(text: string): void {
    this.write(text + '\n');
  }
}
