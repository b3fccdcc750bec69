// `stackctl init`, `stackctl completion <shell>` and the hidden `__complete` the completion scripts call back.
import type { Command } from 'commander';
import { HELP_EXAMPLES } from './help-examples.js';
import type { CommonOf, ProgramIO } from './program.js';

/** `init` (write a stackctl.yaml from the project), `completion <shell>` and the hidden `__complete` it calls back. */
export function registerInitAndCompletion(program: Command, io: ProgramIO, common: CommonOf): void {
  program
    .command('init')
    .description('Inspect the project and write a commented stackctl.yaml (services, ports, health checks, dependencies)')
    .option('-f, --force', 'overwrite an existing stackctl config')
    .option('--dry-run', 'print the config instead of writing it')
    .option('-y, --yes', 'accept every default without asking')
    .addHelpText('after', HELP_EXAMPLES.init)
    .action(async (options: { force?: boolean; dryRun?: boolean; yes?: boolean }, command: Command) => {
      const { runInit } = await import('./commands/init.js');
      io.exitCode = await runInit({ ...common(command), force: options.force === true, dryRun: options.dryRun === true, yes: options.yes === true });
    });

  program
    .command('completion')
    .description('Print a shell completion script (commands, flags, service names)')
    .addArgument(program.createArgument('<shell>', 'bash | zsh | fish').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', HELP_EXAMPLES.completion)
    .action(async (shell: string) => {
      const { runCompletion } = await import('./commands/completion.js');
      io.exitCode = runCompletion({ shell, stdout: io.stdout });
    });

  // Called by the completion scripts: `__complete -- <words…>`, one candidate a line, never an error.
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[]) => {
      const { runComplete } = await import('./commands/completion.js');
      io.exitCode = runComplete({ program, words, stdout: io.stdout });
    });
}
