// The command tree: flags and help text only; each command lazily imports its implementation.
import { Command, Option } from 'commander';
import { readGlobalOptions, type GlobalOptions } from './global-options.js';
import { HELP_EXAMPLES } from './help-examples.js';

export interface ProgramIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (progress redrawn in place, `status --watch` in place). */
  readonly isTTY: boolean;
  /** Set by the action that ran. */
  exitCode: number;
}

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

  /** What every command implementation gets besides its own flags. */
  const common = (command: Command): { globals: GlobalOptions; stdout: ProgramIO['stdout']; stderr: ProgramIO['stderr']; isTTY: boolean } => ({
    globals: readGlobalOptions(command.optsWithGlobals()),
    stdout: io.stdout,
    stderr: io.stderr,
    isTTY: io.isTTY,
  });

  program
    .command('up')
    .description('Start services in the foreground with unified, colour-prefixed output')
    .argument('[service...]', 'services to start (with their dependencies); all when none')
    .addOption(new Option('-t, --timestamps', 'prefix every line with the time'))
    .addHelpText('after', HELP_EXAMPLES.up)
    .action(async (services: string[], options: { timestamps?: boolean }, command: Command) => {
      const { runUp } = await import('./commands/up.js');
      io.exitCode = await runUp({ ...common(command), services, timestamps: options.timestamps === true });
    });

  program
    .command('start')
    .description('Start services in the background (a daemon keeps them running) and wait until they are up')
    .argument('[service...]', 'services to start (with their dependencies); all when none')
    .option('--no-wait', 'return once the daemon took the request, without waiting for the services')
    .addHelpText('after', HELP_EXAMPLES.start)
    .action(async (services: string[], options: { wait: boolean }, command: Command) => {
      const { runStart } = await import('./commands/start.js');
      io.exitCode = await runStart({ ...common(command), services, wait: options.wait });
    });

  program
    .command('stop')
    .description('Stop services (all of them, and the daemon, when none are named); works without a daemon too')
    .argument('[service...]', 'services to stop; all when none')
    .addHelpText('after', HELP_EXAMPLES.stop)
    .action(async (services: string[], _options: unknown, command: Command) => {
      const { runStop } = await import('./commands/stop.js');
      io.exitCode = await runStop({ ...common(command), services });
    });

  program
    .command('restart')
    .description('Stop and start services; services that depend on them keep running unless --with-dependents')
    .argument('[service...]', 'services to restart; all when none')
    .option('--with-dependents', 'also restart every service that depends on them')
    .addHelpText('after', HELP_EXAMPLES.restart)
    .action(async (services: string[], options: { withDependents?: boolean }, command: Command) => {
      const { runRestart } = await import('./commands/restart.js');
      io.exitCode = await runRestart({ ...common(command), services, withDependents: options.withDependents === true });
    });

  program
    .command('status')
    .description('Show every service: state, health, pid, ports, uptime, restarts, cpu, memory, origin')
    .option('-w, --watch', 'refresh every second until Ctrl+C')
    .addHelpText('after', HELP_EXAMPLES.status)
    .action(async (options: { watch?: boolean }, command: Command) => {
      const { runStatus } = await import('./commands/status.js');
      io.exitCode = await runStatus({ ...common(command), watch: options.watch === true });
    });

  program
    .command('logs')
    .description('Show services’ output from their log files, merged in time order; -f follows')
    .argument('[service...]', 'services to show; all when none')
    .option('-f, --follow', 'keep printing new lines until Ctrl+C')
    .option('-n, --lines <count>', 'the last N lines (default 100; all since --since when that is given)')
    .option('--since <when>', 'only lines from this long ago (10m, 2h, 1h30m) or since this time (2024-05-01T09:30)')
    .option('--grep <regex>', 'only lines matching this regular expression')
    .option('-t, --timestamps', 'prefix every line with the time')
    .addHelpText('after', HELP_EXAMPLES.logs)
    .action(
      async (
        services: string[],
        options: { follow?: boolean; lines?: string; since?: string; grep?: string; timestamps?: boolean },
        command: Command,
      ) => {
        const { runLogs } = await import('./commands/logs.js');
        io.exitCode = await runLogs({
          ...common(command),
          services,
          follow: options.follow === true,
          lines: options.lines,
          since: options.since,
          grep: options.grep,
          timestamps: options.timestamps === true,
        });
      },
    );

  const daemon = program
    .command('daemon')
    .description('Inspect or stop the background daemon that `start` launches')
    .addHelpText('after', HELP_EXAMPLES.daemon);
  daemon
    .command('status')
    .description('Show whether a daemon (or `up`) serves this project, its pid and uptime')
    .addHelpText('after', HELP_EXAMPLES.daemonStatus)
    .action(async (_options: unknown, command: Command) => {
      const { runDaemonStatus } = await import('./commands/daemon.js');
      io.exitCode = await runDaemonStatus(common(command));
    });
  daemon
    .command('stop')
    .description('Stop the daemon; the services keep running and the next command re-adopts them')
    .addHelpText('after', HELP_EXAMPLES.daemonStop)
    .action(async (_options: unknown, command: Command) => {
      const { runDaemonStop } = await import('./commands/daemon.js');
      io.exitCode = await runDaemonStop(common(command));
    });

  // The daemon process itself, spawned by the CLI: not for people, so not in the help.
  program
    .command('__daemon', { hidden: true })
    .action(async (_options: unknown, command: Command) => {
      const { runDaemonProcess } = await import('./commands/daemon.js');
      io.exitCode = await runDaemonProcess({ configPath: readGlobalOptions(command.optsWithGlobals()).config });
    });

  return program;
}
