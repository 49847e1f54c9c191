/**
 * The prompts the interactive flows need, behind one interface so tests can
 * script the answers. The Inquirer implementation is in prompts.ts.
 */

export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
  /** a single key that picks this choice at once (a digit for a score, n for n/a) */
  key?: string;
  disabled?: boolean | string;
}

export interface Prompter {
  /** pick one of the choices; keys pick at once, arrows and Enter also work */
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number }): Promise<T>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  /** one line of text; `required` refuses an empty answer */
  input(opts: { message: string; default?: string; required?: boolean }): Promise<string>;
  /** print a block of text between prompts (the application card, progress) */
  show(text: string): void;
}
