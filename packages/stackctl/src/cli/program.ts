// The command tree: flags and help text only; each command lazily imports its implementation.
import { Command, Option } from 'commander';
import { readGlobalOptions, type GlobalOptions } from './global-options.js';
import { HELP_EXAMPLES } from './help-examples.js';
import { registerDb } from './register-db.js';
import { registerDoctor } from './register-doctor.js';
import { registerEnvAndExport } from './register-env-export.js';
import { registerInitAndCompletion } from './register-init-completion.js';
import { registerSetup } from './register-setup.js';
import type { TerminalFlags } from './separate-terminals.js';

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
    .description('Start services in the foreground with unified, colour-prefixed output (or a terminal tab per service)')
    .argument('[service...]', 'services to start (with their dependencies); all when none')
    .addOption(new Option('-t, --timestamps', 'prefix every line with the time'))
    .addOption(separateTerminalsOption().conflicts('useIdeTerminal'))
    .addOption(terminalOption())
    .addOption(tmuxSocketOption())
    .addOption(
      new Option('--use-ide-terminal <service>', 'run this service in this terminal (a real TTY), the rest of the stack in the background').conflicts([
        'terminal',
        'timestamps',
      ]),
    )
    .addHelpText('after', HELP_EXAMPLES.up)
    .action(async (services: string[], options: TerminalOptionValues & { timestamps?: boolean; useIdeTerminal?: string }, command: Command) => {
      const { runUp } = await import('./commands/up.js');
      io.exitCode = await runUp({
        ...common(command),
        services,
        timestamps: options.timestamps === true,
        terminals: terminalFlags(options),
        ...(options.useIdeTerminal === undefined ? {} : { useIdeTerminal: options.useIdeTerminal }),
      });
    });

  program
    .command('start')
    .description('Start services in the background (a daemon keeps them running) and wait until they are up')
    .argument('[service...]', 'services to start (with their dependencies); all when none')
    .option('--no-wait', 'return once the daemon took the request, without waiting for the services')
    .addOption(new Option('--adopt', 'a process stackctl did not start holds a declared port: track it as the service').conflicts('replace'))
    .option('--replace', 'a process stackctl did not start holds a declared port: stop it first (asks, unless --yes)')
    .option('-y, --yes', 'with --replace: stop the holders without asking')
    .addOption(separateTerminalsOption())
    .addOption(terminalOption())
    .addOption(tmuxSocketOption())
    .addHelpText('after', HELP_EXAMPLES.start)
    .action(
      async (services: string[], options: TerminalOptionValues & { wait: boolean; adopt?: boolean; replace?: boolean; yes?: boolean }, command: Command) => {
        const { runStart } = await import('./commands/start.js');
        const portConflict = options.adopt === true ? 'adopt' : options.replace === true ? 'replace' : 'fail';
        io.exitCode = await runStart({
          ...common(command),
          services,
          wait: options.wait,
          portConflict,
          yes: options.yes === true,
          terminals: terminalFlags(options),
        });
      },
    );

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
    .addOption(separateTerminalsOption())
    .addOption(terminalOption())
    .addOption(tmuxSocketOption())
    .addHelpText('after', HELP_EXAMPLES.restart)
    .action(async (services: string[], options: TerminalOptionValues & { withDependents?: boolean }, command: Command) => {
      const { runRestart } = await import('./commands/restart.js');
      io.exitCode = await runRestart({
        ...common(command),
        services,
        withDependents: options.withDependents === true,
        terminals: terminalFlags(options),
      });
    });

  program
    .command('run')
    .description('Run one service in this terminal (a real TTY: prompts, debuggers, colours), its dependencies in the background')
    .argument('<service>', 'the service to run here')
    .addHelpText('after', HELP_EXAMPLES.run)
    .action(async (service: string, _options: unknown, command: Command) => {
      const { runRun } = await import('./commands/run.js');
      io.exitCode = await runRun({ ...common(command), service });
    });

  program
    .command('attach')
    .description('Show the tmux window `--separate-terminals` opened for a service (switch to it, or attach)')
    .argument('<service>', 'the service whose window to show')
    .addHelpText('after', HELP_EXAMPLES.attach)
    .action(async (service: string, _options: unknown, command: Command) => {
      const { runAttach } = await import('./commands/attach.js');
      io.exitCode = await runAttach({ ...common(command), service });
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

  registerEnvAndExport(program, io, common);

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

  registerSetup(program, io, common);
  registerDb(program, io, common);
  registerDoctor(program, io, common);
  registerInitAndCompletion(program, io, common);
  return program;
}

interface TerminalOptionValues {
  readonly separateTerminals?: boolean;
  readonly terminal?: string;
  readonly tmuxSocket?: string;
}

function separateTerminalsOption(): Option {
  return new Option('--separate-terminals', 'show each service in a terminal tab or window of its own (tmux, VS Code, …)');
}

function terminalOption(): Option {
  // The names are not fixed with .choices(): aliases (wt, code, iterm…) are accepted too, and an unknown one gets a hint.
  return new Option('--terminal <name>', 'with --separate-terminals (implied): tmux|vscode|macos-terminal|iterm2|gnome-terminal|konsole|windows-terminal');
}

function tmuxSocketOption(): Option {
  return new Option('--tmux-socket <name|path>', 'with tmux: open the windows on this tmux server (-L name, or -S path); also STACKCTL_TMUX_SOCKET');
}

function terminalFlags(options: TerminalOptionValues): TerminalFlags {
  return {
    separateTerminals: options.separateTerminals === true || options.terminal !== undefined,
    ...(options.terminal === undefined ? {} : { terminal: options.terminal }),
    ...(options.tmuxSocket === undefined ? {} : { tmuxSocket: options.tmuxSocket }),
  };
}

/** What `common(command)` gives every command implementation. */
export type CommonOf = (command: Command) => { globals: GlobalOptions; stdout: ProgramIO['stdout']; stderr: ProgramIO['stderr']; isTTY: boolean };
