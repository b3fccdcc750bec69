// CLI entry: parses argv, runs the command, maps any failure to one error line and an exit code.
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { StackctlError } from '../errors/index.js';
import { buildProgram, type ProgramIO } from './program.js';
import { reportError } from './report-error.js';

function packageVersion(): string {
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { version: string }).version;
}

/** Runs the CLI with these arguments (without `node` and the script) and resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const io: ProgramIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    exitCode: 0,
  };
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const program = buildProgram(io, packageVersion());
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      const message = error.message.replace(/^error: /, '');
      const usage = new StackctlError('E_USAGE', message, { hint: 'see `stackctl --help` for the commands and their options' });
      return reportError(usage, { debug, json, write: io.stderr });
    }
    return reportError(error, { debug, json, write: io.stderr });
  }
}
