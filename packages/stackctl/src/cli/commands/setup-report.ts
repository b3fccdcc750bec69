// How `stackctl setup` reports: the summary line, each failed task's output, the --json document and the --dry-run list.
import path from 'node:path';
import type { Palette } from '../../output/colors.js';
import { formatDuration } from '../../output/format-duration.js';
import { taskLogFile, UP_TO_DATE, type SetupReport, type SetupTask, type TaskPreview, type TaskResult } from '../../project/setup/index.js';

const shown = (file: string): string => path.relative(process.cwd(), file) || '.';

const NOTHING_TO_SET_UP = 'setup: nothing to set up (no lockfile, setup: commands, env example or database found)';

/** `1 task`, `5 tasks`. */
const taskCount = (count: number): string => `${count} task${count === 1 ? '' : 's'}`;

/** `setup: 5 tasks — 3 done, 2 up to date in 14.2s`. */
export function summaryLine(report: SetupReport): string {
  const count = (test: (result: TaskResult) => boolean): number => report.results.filter(({ result }) => test(result)).length;
  const parts = [
    [count((result) => result.status === 'done'), 'done'],
    [count((result) => result.status === 'skipped' && result.reason === UP_TO_DATE), UP_TO_DATE],
    [count((result) => result.status === 'skipped' && result.reason !== UP_TO_DATE), 'not run'],
    [count((result) => result.status === 'failed'), 'failed'],
  ] as const;
  const total = report.results.length;
  const what = parts.filter(([number]) => number > 0).map(([number, label]) => `${number} ${label}`);
  if (total === 0) return NOTHING_TO_SET_UP;
  return `setup: ${taskCount(total)} — ${what.join(', ')} in ${formatDuration(report.durationMs)}`;
}

/**
 * Per failed task: its last output lines and where the full output is. The task's name and reason are
 * not repeated: the task list above already shows `✗ <task> failed: <reason>` once.
 */
export function failureText(report: SetupReport, palette: Palette): string {
  const blocks = report.results
    .filter(({ result }) => result.status === 'failed')
    .map(({ task, result }) => {
      const lines =
        result.outputTail.length > 0
          ? [`${palette.bold(task.name)} ${palette.dim(`— last ${result.outputTail.length} line(s) of output:`)}`, ...result.outputTail.map((line) => `    ${line}`)]
          : [`${palette.bold(task.name)} ${palette.dim('— printed nothing')}`];
      lines.push(`  full output: ${shown(taskLogFile(report.setupDir, task.id))}`);
      return lines.join('\n');
    });
  return blocks.length === 0 ? '' : `\n${blocks.join('\n\n')}\n`;
}

/**
 * The one line that says setup failed (the error's message), in place of the summary line:
 * `1 of 5 setup task(s) failed (3 done, 1 not run) in 1.2s`. Which task failed, and why, is in the list.
 */
export function failedLine(report: SetupReport): string {
  const count = (test: (result: TaskResult) => boolean): number => report.results.filter(({ result }) => test(result)).length;
  const failed = count((result) => result.status === 'failed');
  const others = [
    [count((result) => result.status === 'done'), 'done'],
    [count((result) => result.status === 'skipped' && result.reason === UP_TO_DATE), UP_TO_DATE],
    [count((result) => result.status === 'skipped' && result.reason !== UP_TO_DATE), 'not run'],
  ] as const;
  const what = others.filter(([number]) => number > 0).map(([number, label]) => `${number} ${label}`);
  return `${failed} of ${report.results.length} setup task(s) failed${what.length > 0 ? ` (${what.join(', ')})` : ''} in ${formatDuration(report.durationMs)}`;
}

/** The `--json` document: `{ ok, tasks: [{ id, service, kind, tool, status, duration_ms, reason, output_tail }] }` and a few more fields. */
export function reportJson(report: SetupReport): object {
  return {
    ok: report.ok,
    interrupted: report.interrupted,
    duration_ms: report.durationMs,
    tasks: report.results.map(({ task, result }) => ({
      ...taskJson(task),
      status: result.status,
      duration_ms: result.durationMs,
      reason: result.reason,
      output_tail: result.outputTail,
      log: taskLogFile(report.setupDir, task.id),
    })),
  };
}

export interface PreviewedTask {
  readonly task: SetupTask;
  readonly preview: TaskPreview;
}

/** `--dry-run`: each task, its commands and folder, what is up to date or cannot run. */
export function dryRunText(previews: readonly PreviewedTask[], palette: Palette): string {
  if (previews.length === 0) return `${NOTHING_TO_SET_UP}\n`;
  const lines = [`setup would run ${taskCount(previews.length)} (--dry-run: nothing runs):`];
  for (const { task, preview } of previews) {
    const state = preview.upToDate ? palette.dim(`  (${UP_TO_DATE})`) : '';
    lines.push(`  ${palette.bold(task.name)}${state}`);
    if (preview.cwd !== null && preview.commands.length > 0) lines.push(palette.dim(`      in ${shown(preview.cwd)}`));
    for (const command of preview.commands) lines.push(`      $ ${command}`);
    if (preview.note !== null) lines.push(`      ${preview.note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `--dry-run --json`. */
export function dryRunJson(previews: readonly PreviewedTask[]): object {
  return {
    ok: true,
    dry_run: true,
    tasks: previews.map(({ task, preview }) => ({
      ...taskJson(task),
      cwd: preview.cwd,
      commands: preview.commands,
      up_to_date: preview.upToDate,
      note: preview.note,
    })),
  };
}

/** What both --json documents say of a task before its outcome or preview. */
function taskJson(task: SetupTask): object {
  return {
    id: task.id,
    name: task.name,
    service: task.services.length === 1 ? task.services[0] : null,
    services: task.services,
    kind: task.kind,
    tool: task.tool,
  };
}
