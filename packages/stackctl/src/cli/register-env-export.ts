// `stackctl env …` and `stackctl export …`: their flags and help text; the implementations are imported lazily.
import type { Command } from 'commander';
import { HELP_EXAMPLES } from './help-examples.js';
import type { CommonOf, ProgramIO } from './program.js';

/** `env …` and `export …`: set-up tooling that works from the config alone (no daemon). */
export function registerEnvAndExport(program: Command, io: ProgramIO, common: CommonOf): void {
  const env = program
    .command('env')
    .description('Create, inspect and edit the .env file against its .env.example')
    .addHelpText('after', HELP_EXAMPLES.env);
  const envFlags = (command: Command): Command =>
    command.option('-s, --service <name>', "that service's first env_file instead of .env beside the config").option('--file <path>', 'this dotenv file instead');
  type EnvFlagValues = { service?: string; file?: string };
  const runEnvAction = async (action: 'setup' | 'show' | 'check' | 'set' | 'unset' | 'diff', command: Command, extra: object): Promise<void> => {
    const { runEnv } = await import('./commands/env.js');
    const flags = command.opts<EnvFlagValues>();
    io.exitCode = await runEnv({ ...common(command), action, service: flags.service, file: flags.file, ...extra });
  };
  envFlags(env.command('setup').description('Create or complete .env from .env.example, asking for missing values (or --yes / --set)'))
    .option('-y, --yes', 'accept the example values without asking (needed when stdin is not a terminal)')
    .option('--set <KEY=VALUE>', 'use this value (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (options: { yes?: boolean; set?: string[] }, command: Command) =>
      runEnvAction('setup', command, { yes: options.yes === true, sets: options.set ?? [] }),
    );
  envFlags(env.command('show').description('Print the values, secrets masked'))
    .option('--reveal', 'show secret values too')
    .action(async (options: { reveal?: boolean }, command: Command) => runEnvAction('show', command, { reveal: options.reveal === true }));
  envFlags(env.command('check').description('Exit 1 listing keys of the example that are missing, empty or of the wrong @type')).action(
    async (_options: unknown, command: Command) => runEnvAction('check', command, {}),
  );
  envFlags(env.command('set').description('Set values in place, keeping comments, order and quoting').argument('<KEY=VALUE...>')).action(
    async (args: string[], _options: unknown, command: Command) => runEnvAction('set', command, { args }),
  );
  envFlags(env.command('unset').description('Remove keys, keeping everything else').argument('<KEY...>')).action(
    async (args: string[], _options: unknown, command: Command) => runEnvAction('unset', command, { args }),
  );
  envFlags(env.command('diff').description('Compare with the example: missing, extra, changed keys')).action(
    async (_options: unknown, command: Command) => runEnvAction('diff', command, {}),
  );

  program
    .command('export')
    .description('Write the stack as systemd units, a pm2 ecosystem file, a compose.yaml or a Procfile')
    .argument('<target>', 'systemd | pm2 | compose | procfile')
    .option('-o, --out <dir>', 'write the files into this folder (default: print them)')
    .addHelpText('after', HELP_EXAMPLES.export)
    .action(async (target: string, options: { out?: string }, command: Command) => {
      const { runExport } = await import('./commands/export.js');
      io.exitCode = await runExport({ ...common(command), target, out: options.out });
    });
}
