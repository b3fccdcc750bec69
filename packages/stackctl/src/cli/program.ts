// The command tree: flags and help text only; each command lazily imports its implementation.
import { Command, Option } from 'commander';
import { readGlobalOptions } from './global-options.js';

export interface ProgramIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Set by the action that ran. */
  exitCode: number;
}

const UP_EXAMPLES = `
Examples:
  $ stackctl up                 start every service, show all output here
  $ stackctl up api             start api and what it depends on
  $ stackctl up --timestamps    prefix every line with the time
  $ stackctl -c ./dev/stackctl.yaml up

Press Ctrl+C once to stop everything gracefully, twice to kill at once.`;

export function buildProgram(io: ProgramIO, version: string): Command {
  const program = new Command('stackctl')
    .description('Run, watch and heal a project’s local services as one stack.')
    .version(version, '-V, --version')
    .option('-c, --config <path>', 'use this config file instead of searching for one')
    .option('--json', 'print machine-readable JSON')
    .option('--debug', 'show stack traces and engine debug lines')
    .option('--no-color', 'never colour the output')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} });

  program
    .command('up')
    .description('Start services in the foreground with unified, colour-prefixed output')
    .argument('[service...]', 'services to start (with their dependencies); all when none')
    .addOption(new Option('-t, --timestamps', 'prefix every line with the time'))
    .addHelpText('after', UP_EXAMPLES)
    .action(async (services: string[], options: { timestamps?: boolean }, command: Command) => {
      const { runUp } = await import('./commands/up.js');
      io.exitCode = await runUp({
        globals: readGlobalOptions(command.optsWithGlobals()),
        services,
        timestamps: options.timestamps === true,
        stdout: io.stdout,
        stderr: io.stderr,
      });
    });

  return program;
}
