// The shape completion needs from the commander tree: visible commands, their flags and what their arguments are.
import type { Command } from 'commander';

export interface FlagSpec {
  /** `--follow`, `-f`. */
  readonly names: readonly string[];
  /** Whether the next word is the flag's value. */
  readonly takesValue: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly flags: readonly FlagSpec[];
  readonly subcommands: readonly CommandSpec[];
  /** What the positional arguments complete to: service names, a fixed list, or nothing. */
  readonly argument: { readonly kind: 'services'; readonly variadic: boolean } | { readonly kind: 'choices'; readonly choices: readonly string[] } | null;
}

/** Read from the real program, so completion never drifts from the commands. Hidden commands and options are left out. */
export function commandTree(command: Command): CommandSpec {
  const help = command.createHelp();
  const flags = help.visibleOptions(command).map((option) => ({
    names: [option.short, option.long].filter((name): name is string => typeof name === 'string'),
    takesValue: option.required || option.optional,
  }));
  const first = command.registeredArguments[0];
  const choices = (first as { argChoices?: readonly string[] } | undefined)?.argChoices;
  const argument =
    first === undefined ? null : choices !== undefined ? { kind: 'choices' as const, choices } : /service/.test(first.name()) ? { kind: 'services' as const, variadic: first.variadic } : null;
  const subcommands = help
    .visibleCommands(command)
    .filter((sub) => sub.name() !== 'help')
    .map(commandTree);
  return { name: command.name(), flags, subcommands, argument };
}
