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
  /** in a filtered list: always shown, whatever is typed (Quit) */
  pinned?: boolean;
}

export interface Prompter {
  /**
   * Pick one of the choices; keys pick at once, arrows and Enter also work. Without a default
   * nothing is preselected. With `filter`, typing narrows the list instead (keys pick nothing).
   */
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T; pageSize?: number; filter?: boolean }): Promise<T>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  /** one line of text; `required` refuses an empty answer */
  input(opts: { message: string; default?: string; required?: boolean }): Promise<string>;
  /** print a block of text between prompts (the application card, progress) */
  show(text: string): void;
}
