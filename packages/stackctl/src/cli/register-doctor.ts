// `stackctl doctor`: its flags and help text; the implementation is imported lazily.
import type { Command } from 'commander';
import type { CommonOf, ProgramIO } from './program.js';

const EXAMPLES = `
Checks: config, node, tools, dependencies, env, ports, run-records, disk, state-dir, database.

Examples:
  $ stackctl doctor                 run every check; each problem comes with its fix
  $ stackctl doctor ports env       only these checks
  $ stackctl doctor --fix           also remove stale run records, make .stackctl/ private
                                    (folders 700, files 600), add .stackctl/ to .gitignore
  $ stackctl doctor --strict        warnings fail too (for CI)
  $ stackctl --json doctor          {"ok", "checks": [{"id", "status", "title", "message", "fix"}], "fixed"}

Exits 0 when nothing failed (warnings alone are fine unless --strict), 1 otherwise.`;

export function registerDoctor(program: Command, io: ProgramIO, common: CommonOf): void {
  program
    .command('doctor')
    .description('Check the project and this machine (config, Node, tools, dependencies, env, ports, disk, database…) and say how to fix each problem')
    .argument('[check...]', 'run only these checks (all when none)')
    .option('--fix', 'apply the safe fixes: remove stale run records and daemon files, make .stackctl/ private (folders 700, files 600), add .stackctl/ to .gitignore')
    .option('--strict', 'count warnings as problems (exit 1)')
    .addHelpText('after', EXAMPLES)
    .action(async (checks: string[], options: { fix?: boolean; strict?: boolean }, command: Command) => {
      const { runDoctorCommand } = await import('./commands/doctor.js');
      io.exitCode = await runDoctorCommand({ ...common(command), checks, fix: options.fix === true, strict: options.strict === true });
    });
}
