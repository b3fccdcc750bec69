// `stackctl setup`: its flags and help text; the implementation is imported lazily.
import type { Command } from 'commander';
import type { CommonOf, ProgramIO } from './program.js';

const EXAMPLES = `
Examples:
  $ stackctl setup                  install, create .env files, migrate
  $ stackctl setup && stackctl up   from a fresh clone to a running stack
  $ stackctl setup api worker       only these services (plus .env and migrations)
  $ stackctl setup --dry-run        list the tasks and their commands
  $ stackctl setup --force          redo even what is up to date
  $ stackctl setup --yes            take the .env.example values without asking
  $ stackctl setup --skip-migrations
  $ stackctl --json setup           one JSON document with every task's outcome

Installs are chosen by lockfile (npm, pnpm, yarn, bun, uv, poetry, pip) or by a
service's own \`setup:\` commands in the config. Tasks already done are skipped
while lockfile, manifest and command are unchanged. Each task's output is in
.stackctl/setup/<task>.log. Exits 1 when a task failed, 130 on Ctrl+C.`;

export function registerSetup(program: Command, io: ProgramIO, common: CommonOf): void {
  program
    .command('setup')
    .description('Get a fresh clone ready to run: install dependencies, create .env files from their examples, run migrations')
    .argument('[service...]', 'services to set up; all when none')
    .option('-f, --force', 'run every task again, even those up to date')
    .option('-y, --yes', 'fill .env files with the example values without asking')
    .option('--skip-migrations', 'do not run database migrations')
    .option('--dry-run', 'print the tasks and their commands, run nothing')
    .addHelpText('after', EXAMPLES)
    .action(
      async (services: string[], options: { force?: boolean; yes?: boolean; skipMigrations?: boolean; dryRun?: boolean }, command: Command) => {
        const { runSetupCommand } = await import('./commands/setup.js');
        io.exitCode = await runSetupCommand({
          ...common(command),
          services,
          force: options.force === true,
          yes: options.yes === true,
          skipMigrations: options.skipMigrations === true,
          dryRun: options.dryRun === true,
        });
      },
    );
}
