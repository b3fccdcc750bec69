// `stackctl setup [service...]`: installs dependencies, creates env files and runs migrations, with a live task list.
import { loadConfig } from '../../config/index.js';
import { StackctlError } from '../../errors/index.js';
import { createPalette, shouldUseColor } from '../../output/colors.js';
import { readConfigEnvFiles, isSecret, maskValue, type KeySpec } from '../../project/env/index.js';
import { planSetup, previewTask, runSetup, SetupState, setupDirFor, type EnvAnswers, type SetupReport } from '../../project/setup/index.js';
import { askLine, stdinIsTerminal } from '../ask-line.js';
import { assertServicesKnown, jsonText, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';
import { waitForShutdownSignals } from '../shutdown-signals.js';
import { SetupDisplay } from './setup-display.js';
import { dryRunJson, dryRunText, failedLine, failureText, reportJson, summaryLine } from './setup-report.js';

export interface SetupOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly services: readonly string[];
  readonly force: boolean;
  readonly yes: boolean;
  readonly skipMigrations: boolean;
  readonly dryRun: boolean;
}

export async function runSetupCommand(options: SetupOptions): Promise<number> {
  const { globals } = options;
  const { config, warnings } = await loadConfig({ cwd: process.cwd(), configPath: globals.config, parentEnv: process.env, tolerateMissingEnvFiles: true });
  assertServicesKnown(config, options.services);
  // Missing env files are what setup creates: their warnings would only be noise here.
  for (const warning of warnings) if (!/env_file/.test(warning.formatted)) options.stderr(`warning: ${warning.formatted}\n`);
  const palette = createPalette(!globals.json && shouldUseColor({ noColorFlag: !globals.color, env: process.env, isTTY: options.isTTY }));
  const { envFiles } = await readConfigEnvFiles(config.configPath, config.source);
  const tasks = planSetup(config, { services: options.services, envFiles, parentEnv: process.env, skipMigrations: options.skipMigrations });

  if (options.dryRun) {
    const state = new SetupState(setupDirFor(config.root));
    const previews = tasks.map((task) => ({ task, preview: previewTask(task, state, options.force) }));
    options.stdout(globals.json ? jsonText(dryRunJson(previews)) : dryRunText(previews, palette));
    return 0;
  }

  const display = globals.json ? null : new SetupDisplay(tasks, { write: options.stdout, tty: options.isTTY, palette, columns: () => process.stdout.columns || 80 });
  const controller = new AbortController();
  const signals = waitForShutdownSignals({ onGraceful: async () => controller.abort(), onForced: async () => controller.abort() });
  let report: SetupReport;
  try {
    report = await runSetup({
      config,
      tasks,
      parentEnv: process.env,
      force: options.force,
      answers: envAnswers(options, display),
      signal: controller.signal,
      ...(display === null ? {} : { onEvent: (event) => display.handle(event) }),
    });
  } finally {
    display?.stop();
    signals.dispose();
  }

  const failed = report.results.filter(({ result }) => result.status === 'failed').map(({ task }) => task.name);
  if (globals.json) options.stdout(jsonText(reportJson(report)));
  else if (report.interrupted) options.stdout(`${summaryLine(report)}\n`);
  // On failure the error line below takes the summary's place: each failure is said once, in the task list.
  else options.stdout(failed.length > 0 ? failureText(report, palette) : `${summaryLine(report)}\n`);
  if (report.interrupted) throw new StackctlError('E_INTERRUPTED', 'setup interrupted: the running tasks were stopped');
  if (failed.length > 0) {
    const which = globals.json ? `: ${failed.join(', ')}` : '';
    throw new StackctlError('E_SETUP_FAILED', `${failedLine(report)}${which}`, {
      hint: 'fix the cause shown above and run `stackctl setup` again: tasks already done are skipped',
    });
  }
  return 0;
}

/** Asks for values only when a person can answer (stdin is a terminal) and --yes was not given. */
function envAnswers(options: SetupOptions, display: SetupDisplay | null): EnvAnswers {
  if (options.yes || options.globals.json || !stdinIsTerminal()) return { yes: true, ask: null };
  const ask = async (spec: KeySpec): Promise<string> => {
    display?.pause();
    try {
      const label = spec.description === '' ? spec.key : `${spec.key} (${spec.description})`;
      const example = spec.example === '' ? '' : ` [${isSecret(spec.key, spec) ? maskValue(spec.example) : spec.example}]`;
      const answer = await askLine(`${label}${example}: `, options.stderr);
      return answer === null || answer === '' ? spec.example : answer;
    } finally {
      display?.resume();
    }
  };
  return { yes: false, ask };
}
