// `start --replace` asks before stopping a port's holder; a start refused by a held port becomes `error[E_PORT_IN_USE]` with its hint.
import os from 'node:os';
import path from 'node:path';
import type { ExternalProcessJson, StackctlOwnerJson, StartFailureJson, StatusJson } from '../api/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { describeHolder, describeOwner, shortCommand } from '../supervisor/describe-holder.js';
import { findPortHolders } from '../supervisor/port-holders.js';
import type { ExternalProcess } from '../supervisor/types.js';
import type { PortInspector } from '../system/ports/index.js';

/** A holder `--replace` would stop, and the service whose port it holds. */
export interface ReplaceTarget {
  readonly service: string;
  readonly holder: ExternalProcess;
}

const RESTING = new Set(['stopped', 'exited', 'failed']);

/**
 * The processes holding a port of `services` (all when empty) that the start would act on: those
 * of services not running now (a running service is left alone by `start`). Read on this machine.
 */
export async function findReplaceTargets(
  config: ResolvedConfig,
  services: readonly string[],
  before: StatusJson,
  inspector: PortInspector,
): Promise<ReplaceTarget[]> {
  const names = services.length === 0 ? Object.keys(config.services) : services;
  const states = new Map(before.services.map((service) => [service.name, service.state]));
  const targets: ReplaceTarget[] = [];
  for (const name of names) {
    const service = config.services[name];
    if (service === undefined || !RESTING.has(states.get(name) ?? 'stopped')) continue;
    const { holders } = await findPortHolders(inspector, service.ports);
    for (const holder of holders) {
      if (!targets.some((target) => target.holder.pid === holder.pid)) targets.push({ service: name, holder });
    }
  }
  return targets;
}

export interface ConfirmOptions {
  /** `--yes`: no question asked. */
  readonly yes: boolean;
  /** Whether a person can answer (stdin is a terminal). */
  readonly canAsk: boolean;
  /** Asks one yes/no question; true for yes. */
  readonly ask: (question: string) => Promise<boolean>;
  /** The services named on the command line, for the hint. */
  readonly services: readonly string[];
}

/**
 * `Stop pid 8123 (node server.js)? [y/N]` for each target, unless `--yes`. Without a terminal to
 * ask on and without `--yes`: E_USAGE. An answer other than yes: E_PORT_IN_USE, nothing stopped.
 */
export async function confirmReplace(targets: readonly ReplaceTarget[], options: ConfirmOptions): Promise<void> {
  if (options.yes || targets.length === 0) return;
  const named = options.services.length === 0 ? '' : ` ${options.services.join(' ')}`;
  if (!options.canAsk) {
    const which = targets.map(({ holder }) => `pid ${holder.pid} (${shortCommand(holder.command, { cwd: holder.cwd })})`).join(', ');
    throw new StackctlError('E_USAGE', `--replace would stop ${which}, and there is no terminal to ask on`, {
      hint: `pass --yes to confirm: stackctl start${named} --replace --yes`,
    });
  }
  for (const { holder } of targets) {
    const owner = holder.stackctl === undefined ? '' : `${describeOwner(holder.stackctl, { home: homeDir() })}, `;
    if (await options.ask(`Stop ${owner}pid ${holder.pid} (${shortCommand(holder.command, { cwd: holder.cwd })})? [y/N] `)) continue;
    throw new StackctlError('E_PORT_IN_USE', `${describeHolder(holder, { now: Date.now(), home: homeDir() })}; not stopped`, {
      hint: `stackctl start${named} --adopt tracks it instead`,
    });
  }
}

/** True for `y` and `yes` (any case); anything else, an empty line included, is no. */
export function isYes(answer: string | null): boolean {
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * When a start (or restart) failed because ports are held: the error to report instead of the
 * general E_START_FAILED — `port 4000 is held by pid 8123 (…)` with the `--adopt` / `--replace` hint.
 * A holder that is a service of another stackctl project is not this service's to adopt or stop:
 * the hint says how to stop it in its own project (`stackctl -c ../shop/stackctl.yaml stop web`).
 */
export function portInUseError(failures: readonly StartFailureJson[] | undefined, now = Date.now()): StackctlError | null {
  const held = (failures ?? []).filter((failure) => failure.code === 'E_PORT_IN_USE');
  const [first] = held;
  if (first === undefined) return null;
  const home = homeDir();
  const message = (failure: StartFailureJson): string =>
    failure.holder === undefined ? failure.reason : describeHolder(fromJson(failure.holder), { now, home });
  const owners = held.flatMap((failure) => (failure.holder?.stackctl ? [failure.holder.stackctl] : []));
  const actionable = held.filter((failure) => failure.holder !== undefined && !failure.holder.stackctl).map((failure) => failure.name);
  const details = held.slice(1).map((failure) => `${failure.name}: ${message(failure)}`);
  const them = actionable.length > 1 ? 'them' : 'it';
  const hints = [
    ...owners.map((owner) => `stop it in its own project: ${stopCommand(owner)}`),
    ...(actionable.length === 0 ? [] : [`stackctl start ${actionable.join(' ')} --adopt to track ${them}, or --replace to stop ${them} and start ${actionable.join(', ')}`]),
  ];
  const hint = hints.length === 0 ? 'free the port, or give the service another port in the config' : [...new Set(hints)].join('; ');
  return new StackctlError('E_PORT_IN_USE', message(first), { hint, details });
}

/** `stackctl -c ../shop/stackctl.yaml stop web`; without a known config, run in that project's folder. */
export function stopCommand(owner: StackctlOwnerJson, cwd = process.cwd()): string {
  if (owner.config === null) return `stackctl stop ${owner.service} (in the folder of project "${owner.project}")`;
  const relative = path.relative(cwd, owner.config);
  const shown = relative.length < owner.config.length ? relative : owner.config;
  return `stackctl -c ${shellWord(shown)} stop ${owner.service}`;
}

/** The path as one shell word: quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function fromJson(holder: ExternalProcessJson): ExternalProcess {
  const owner = holder.stackctl;
  return {
    pid: holder.pid,
    command: holder.command,
    cwd: holder.cwd,
    startedAt: holder.started_at,
    port: holder.port,
    ...(owner === undefined || owner === null ? {} : { stackctl: { project: owner.project, service: owner.service, configPath: owner.config } }),
  };
}

function homeDir(): string | null {
  try {
    return os.homedir();
  } catch {
    return null;
  }
}
