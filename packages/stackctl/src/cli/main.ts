// CLI entry: parses argv, runs the command, maps any failure to one error line and an exit code.
import { readFileSync } from 'node:fs';
import { outputWriter } from './broken-pipe.js';
import type { ProgramIO } from './program.js';

/*
 * Every import beyond this file (and the few lines of broken-pipe.ts) is dynamic, so a command
 * loads only what it uses: Node 20 has no compile cache, and each module costs startup time. Three fast paths skip commander and the
 * command tree: `--version`, `status` when a host answers on the socket (status-fast-path.ts),
 * and the daemon process as ensureDaemon spawns it. Anything else, or anything unusual on a fast
 * path, goes through commander as before, with the same output. The installed command
 * (bin/stackctl.cjs) answers the first two itself, from a CommonJS bundle, before this module
 * loads; they stay here for callers of main() and for a build without that bundle.
 */

function packageVersion(): string {
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
}

export interface MainOptions {
  /** The entry (bin/stackctl.cjs) already tried the status fast path and no host answered: go straight to the command. */
  readonly statusTried?: boolean;
}

/** Runs the CLI with these arguments (without `node` and the script) and resolves with the exit code. */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  // A closed pipe ends the command quietly (exit 141), see broken-pipe.ts.
  const io: ProgramIO = {
    stdout: outputWriter('stdout'),
    stderr: outputWriter('stderr'),
    // Read when needed: opening process.stdout costs a few ms when it is a pipe, which `status`
    // rather spends after it has sent its request.
    get isTTY() {
      return process.stdout.isTTY === true;
    },
    exitCode: 0,
  };
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      io.stdout(`${packageVersion()}\n`);
      return 0;
    }
    if (argv[0] === '__daemon') {
      // The daemon without its bundle (a build that did not make one): the same process, from the CLI's modules.
      const { daemonArgs, runLaunchedDaemon } = await import('../daemon/daemon-process.js');
      const daemon = daemonArgs(argv);
      if (daemon !== null) return await runLaunchedDaemon(daemon);
    }
    if (argv.includes('status') && options.statusTried !== true) {
      const { fastStatus } = await import('./status-fast-path.js');
      const code = await fastStatus(argv, io);
      if (code !== null) return code;
    }
    return await runProgram(argv, io);
  } catch (error) {
    const { reportError } = await import('./report-error.js');
    return reportError(error, { debug, json, write: io.stderr });
  }
}

/** Parses and runs the full command tree; commander's own errors become E_USAGE. */
async function runProgram(argv: readonly string[], io: ProgramIO): Promise<number> {
  const [{ CommanderError }, { buildProgram }] = await Promise.all([import('commander'), import('./program.js')]);
  const program = buildProgram(io, packageVersion());
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return 0;
    // A command group without its subcommand (`stackctl db`): commander already printed the group's help.
    if (error.code === 'commander.help') return 2;
    const [{ StackctlError }, { reportError }] = await Promise.all([import('../errors/index.js'), import('./report-error.js')]);
    const message = error.message.replace(/^error: /, '');
    const usage = new StackctlError('E_USAGE', message, { hint: 'see `stackctl --help` for the commands and their options' });
    return reportError(usage, { debug: argv.includes('--debug'), json: argv.includes('--json'), write: io.stderr });
  }
}
