// Runs the doctor's checks concurrently, each on its own (one that throws or hangs becomes a warning), then applies --fix.
import os from 'node:os';
import { didYouMean } from '../../config/did-you-mean.js';
import { StackctlError } from '../../errors/index.js';
import { defaultPortInspector } from '../../system/ports/create-port-inspector.js';
import type { PortInspector } from '../../system/ports/port-inspector.js';
import { createProcessTable } from '../../system/process-table/create-process-table.js';
import type { ProcessTable } from '../../system/process-table/process-table.js';
import { CHECK_IDS, DOCTOR_CHECKS } from './check-list.js';
import { DISK_FAIL_BELOW, DISK_WARN_BELOW } from './checks/disk-check.js';
import type { ConfigState, DoctorCheck, DoctorContext, Finding, FindingStatus } from './doctor-check.js';
import { loadDoctorConfig } from './load-doctor-config.js';

export interface DoctorOptions {
  readonly cwd: string;
  /** `--config PATH`. */
  readonly configPath?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Check ids to run (`doctor ports env`); all when empty or absent. */
  readonly checks?: readonly string[];
  /** `--fix`: apply the safe fixes the checks offer. */
  readonly fix?: boolean;
  // Seams for tests; the defaults are this machine's.
  readonly nodeVersion?: string;
  readonly platform?: NodeJS.Platform;
  readonly now?: () => number;
  readonly portInspector?: PortInspector | null;
  readonly processTable?: ProcessTable | null;
  readonly disk?: DoctorContext['disk'];
  /** Default 3 s. */
  readonly databaseTimeoutMs?: number;
  /** How long any one check may take before it is reported as not finished. Default 5 s. */
  readonly checkTimeoutMs?: number;
}

/** One line of the report: a finding with the check it came from. */
export interface DoctorEntry {
  readonly id: string;
  readonly status: FindingStatus;
  readonly title: string;
  readonly message: string;
  readonly fix: string | null;
  /** True when `--fix` repaired what the check found (the message then says what it did). */
  readonly fixed: boolean;
}

export interface DoctorReport {
  readonly entries: readonly DoctorEntry[];
  readonly counts: Readonly<Record<FindingStatus, number>>;
  /** What `--fix` did, one line each. */
  readonly fixed: readonly string[];
}

/** Throws E_USAGE for an unknown check id; never for what the checks find. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const selected = selectChecks(options.checks ?? []);
  const configState = await loadDoctorConfig({ cwd: options.cwd, configPath: options.configPath, env: options.env });
  const ctx = createContext(options, configState);

  const runnable = selected.filter((check) => check.needs === 'nothing' || (check.needs === 'root' ? ctx.root !== null : ctx.config !== null));
  // When the config did not load, say why even if only checks that need it were asked for.
  if (!runnable.some((check) => check.id === 'config') && runnable.length < selected.length) {
    const config = DOCTOR_CHECKS.find((check) => check.id === 'config');
    if (config !== undefined) runnable.unshift(config);
  }
  const timeoutMs = options.checkTimeoutMs ?? 5000;
  const results = await Promise.all(runnable.map(async (check) => ({ check, findings: await runOne(check, ctx, timeoutMs) })));

  const entries: DoctorEntry[] = [];
  const fixed: string[] = [];
  for (const { check, findings } of results) {
    for (const finding of findings) {
      const { entry, done } = await settle(check, finding, options.fix === true);
      if (done !== null) fixed.push(done);
      entries.push(entry);
    }
  }
  const counts = { ok: 0, warn: 0, fail: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return { entries, counts, fixed };
}

function selectChecks(ids: readonly string[]): DoctorCheck[] {
  for (const id of ids) {
    if (CHECK_IDS.includes(id)) continue;
    const guess = didYouMean(id, CHECK_IDS);
    throw new StackctlError('E_USAGE', `unknown check "${id}"`, {
      hint: guess !== undefined ? `did you mean ${guess}?` : `the checks are: ${CHECK_IDS.join(', ')}`,
    });
  }
  return DOCTOR_CHECKS.filter((check) => ids.length === 0 || ids.includes(check.id));
}

function createContext(options: DoctorOptions, configState: ConfigState): DoctorContext {
  const platform = options.platform ?? process.platform;
  let inspector: PortInspector | null | undefined = options.portInspector;
  let table: ProcessTable | null | undefined = options.processTable;
  return {
    cwd: options.cwd,
    env: options.env,
    configState,
    config: configState.kind === 'loaded' ? configState.config : null,
    root: configState.kind === 'loaded' ? configState.config.root : configState.kind === 'not-found' ? null : configState.root,
    nodeVersion: options.nodeVersion ?? process.versions.node,
    platform,
    now: options.now ?? Date.now,
    home: homeDir(),
    portInspector: () => (inspector ??= defaultPortInspector(platform)),
    processTable: () => {
      if (table === undefined) {
        try {
          table = createProcessTable(platform);
        } catch {
          table = null;
        }
      }
      return table;
    },
    disk: options.disk ?? { failBelow: DISK_FAIL_BELOW, warnBelow: DISK_WARN_BELOW },
    databaseTimeoutMs: options.databaseTimeoutMs ?? 3000,
  };
}

/** The check's findings; a check that throws or does not finish in time gives one `warn` saying so. */
async function runOne(check: DoctorCheck, ctx: DoctorContext, timeoutMs: number): Promise<Finding[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Finding[]>((resolve) => {
    timer = setTimeout(() => resolve([{ status: 'warn', message: `the check did not finish within ${timeoutMs / 1000}s`, fix: null }]), timeoutMs);
  });
  try {
    return await Promise.race([check.run(ctx), late]);
  } catch (error) {
    return [{ status: 'warn', message: `the check could not run: ${error instanceof Error ? error.message : String(error)}`, fix: null }];
  } finally {
    clearTimeout(timer);
  }
}

/** The entry for a finding; with --fix, a repairable one is repaired and reported as what was done. */
async function settle(check: DoctorCheck, finding: Finding, fix: boolean): Promise<{ entry: DoctorEntry; done: string | null }> {
  const entry: DoctorEntry = { id: check.id, status: finding.status, title: check.title, message: finding.message, fix: finding.fix, fixed: false };
  if (!fix || finding.repair === undefined || finding.status === 'ok') return { entry, done: null };
  try {
    const done = await finding.repair();
    return { entry: { ...entry, status: 'ok', message: `fixed: ${done}`, fix: null, fixed: true }, done };
  } catch (error) {
    return { entry: { ...entry, message: `${entry.message} (--fix failed: ${error instanceof Error ? error.message : String(error)})` }, done: null };
  }
}

function homeDir(): string | null {
  try {
    return os.homedir();
  } catch {
    return null;
  }
}
