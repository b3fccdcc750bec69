// Pure formatting of a doctor report: the human text (grouped by check, with fixes and a summary), the JSON document, the exit code.
import type { Palette } from '../../output/colors.js';
import type { FindingStatus } from './doctor-check.js';
import { plural } from './findings.js';
import type { DoctorReport } from './run-doctor.js';

export interface ReportOptions {
  /** `--strict`: warnings count as problems. */
  readonly strict: boolean;
}

/** The JSON `--json` prints. */
export interface DoctorJson {
  readonly ok: boolean;
  readonly checks: readonly {
    readonly id: string;
    readonly status: FindingStatus;
    readonly title: string;
    readonly message: string;
    readonly fix: string | null;
  }[];
  /** What `--fix` did (empty without it). */
  readonly fixed: readonly string[];
}

/** True when nothing failed (and, with --strict, nothing warned). */
export function reportOk(report: DoctorReport, options: ReportOptions): boolean {
  return report.counts.fail === 0 && (!options.strict || report.counts.warn === 0);
}

/** 0 when the report is ok, else 1. */
export function doctorExitCode(report: DoctorReport, options: ReportOptions): number {
  return reportOk(report, options) ? 0 : 1;
}

export function doctorJson(report: DoctorReport, options: ReportOptions): DoctorJson {
  return {
    ok: reportOk(report, options),
    checks: report.entries.map(({ id, status, title, message, fix }) => ({ id, status, title, message, fix })),
    fixed: [...report.fixed],
  };
}

const MARKS: Readonly<Record<FindingStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };

/**
 * One line per finding, `✓ config  stackctl.yaml is valid (3 services)`, in check order, each
 * problem followed by an indented `fix: …` line; then a blank line and the summary.
 */
export function formatReport(report: DoctorReport, palette: Palette, options: ReportOptions): string {
  const width = Math.max(0, ...report.entries.map((entry) => entry.id.length));
  const color: Readonly<Record<FindingStatus, (text: string) => string>> = { ok: palette.green, warn: palette.yellow, fail: palette.red };
  const lines: string[] = [];
  for (const entry of report.entries) {
    lines.push(`${color[entry.status](MARKS[entry.status])} ${palette.bold(entry.id.padEnd(width))}  ${entry.message}`);
    if (entry.fix !== null) lines.push(`${' '.repeat(width + 4)}${palette.dim(`fix: ${entry.fix}`)}`);
  }
  const summary = summaryLine(report, options);
  const tone = report.counts.fail > 0 || (options.strict && report.counts.warn > 0) ? palette.red : report.counts.warn > 0 ? palette.yellow : palette.green;
  return `${lines.join('\n')}${lines.length > 0 ? '\n\n' : ''}${tone(summary)}\n`;
}

/** `2 problems, 1 warning`, `no problems, 1 warning`, `no problems found`; `(3 fixed)` after --fix. */
export function summaryLine(report: DoctorReport, options: ReportOptions): string {
  const { fail, warn } = report.counts;
  const problems = fail === 0 ? 'no problems' : plural(fail, 'problem');
  let text = warn === 0 ? (fail === 0 ? 'no problems found' : problems) : `${problems}, ${plural(warn, 'warning')}`;
  if (options.strict && warn > 0) text += ' (--strict: warnings fail)';
  if (report.fixed.length > 0) text += ` (${report.fixed.length} fixed)`;
  return text;
}
