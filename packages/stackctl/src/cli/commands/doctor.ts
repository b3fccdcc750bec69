// `stackctl doctor [check...] [--fix] [--strict]`: runs the checks and prints each finding with its fix; exit 1 on a problem.
import { createPalette, shouldUseColor } from '../../output/colors.js';
import { doctorExitCode, doctorJson, formatReport, runDoctor } from '../../project/doctor/index.js';
import { jsonText, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface DoctorCommandOptions extends CommandIO {
  readonly globals: GlobalOptions;
  /** Check ids; all when empty. */
  readonly checks: readonly string[];
  readonly fix: boolean;
  readonly strict: boolean;
}

export async function runDoctorCommand(options: DoctorCommandOptions): Promise<number> {
  const report = await runDoctor({
    cwd: process.cwd(),
    configPath: options.globals.config,
    env: process.env,
    checks: options.checks,
    fix: options.fix,
  });
  const reportOptions = { strict: options.strict };
  if (options.globals.json) {
    options.stdout(jsonText(doctorJson(report, reportOptions)));
  } else {
    const color = shouldUseColor({ noColorFlag: !options.globals.color, env: process.env, isTTY: options.isTTY });
    options.stdout(formatReport(report, createPalette(color), reportOptions));
  }
  return doctorExitCode(report, reportOptions);
}
