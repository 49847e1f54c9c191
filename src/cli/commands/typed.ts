/**
 * Commands are declared with the types of @commander-js/extra-typings, so each action's
 * arguments and options are typed from its own `.argument()`/`.option()` calls; at run time
 * they are commander's own classes (the package adds types only), so nothing more loads.
 */
import { Command as CommanderCommand, Option as CommanderOption } from 'commander';
import type { Command, Option } from '@commander-js/extra-typings';

export type { Command } from '@commander-js/extra-typings';

/** A commander Option typed from its flags, for `.addOption(option(...).conflicts(...))`. */
export function option<const Flags extends string>(flags: Flags, description: string): Option<Flags> {
  return new CommanderOption(flags, description) as unknown as Option<Flags>;
}

/** The program as the command files see it: the same object, with its declarations typed. */
export const typed = (program: CommanderCommand): Command => program as unknown as Command;
