// Pure wording of a port held by another process: `port 4000 is held by pid 8123 (node server.js, started 2h ago in ~/proj/api)`.
import path from 'node:path';
import type { StackctlOwner } from '../system/stackctl-owner.js';
import type { ExternalProcess } from './types.js';

/** Commands longer than this are cut, with `…`. */
export const MAX_COMMAND_LENGTH = 60;

export interface DescribeHolderOptions {
  /** Epoch ms the age is measured to. */
  readonly now: number;
  /** The user's home folder, shown as `~`; null or empty: paths stay as they are. */
  readonly home?: string | null;
}

/**
 * `port 4000 is held by pid 8123 (node server.js, started 2h ago in ~/proj/api)`; unknown parts are
 * left out. A service of a stackctl project is named first: `port 4000 is held by service web of
 * stackctl project "shop" in ~/code/shop, pid 8123 (…)`.
 */
export function describeHolder(holder: ExternalProcess, options: DescribeHolderOptions): string {
  return `port ${holder.port} is held by ${describeProcess(holder, options)}`;
}

/** `pid 8123 (node server.js, started 2h ago in ~/proj/api)`, after the stackctl service it is, if any. */
export function describeProcess(holder: Omit<ExternalProcess, 'port'>, options: DescribeHolderOptions): string {
  const process = `pid ${holder.pid} (${holderDetails(holder, options)})`;
  return holder.stackctl === undefined ? process : `${describeOwner(holder.stackctl, options)}, ${process}`;
}

/** `service web of stackctl project "shop" in ~/code/shop` (the folder of its config, when known). */
export function describeOwner(owner: StackctlOwner, options: Pick<DescribeHolderOptions, 'home'> = {}): string {
  const where = owner.configPath === null ? '' : ` in ${tildify(path.dirname(owner.configPath), options.home)}`;
  return `service ${owner.service} of stackctl project "${owner.project}"${where}`;
}

/** `node server.js, started 2h ago in ~/proj/api`. */
export function holderDetails(holder: Omit<ExternalProcess, 'port' | 'pid'>, options: DescribeHolderOptions): string {
  const command = shortCommand(holder.command, { home: options.home, cwd: holder.cwd });
  const age = holder.startedAt === null ? null : `started ${formatAge(options.now - holder.startedAt)}`;
  const where = holder.cwd === null || holder.cwd === '' ? null : `in ${tildify(holder.cwd, options.home)}`;
  const when = [age, where].filter((part) => part !== null).join(' ');
  return when === '' ? command : `${command}, ${when}`;
}

export interface ShortCommandOptions {
  /** Shown as `~`. */
  readonly home?: string | null;
  /** The process's working folder: paths below it are shown relative to it. */
  readonly cwd?: string | null;
  /** Longer commands are cut, with `…`. Default MAX_COMMAND_LENGTH. */
  readonly max?: number;
}

/**
 * The command as a person would type it: whitespace collapsed, the program's folder dropped
 * (`/usr/bin/node x.js` → `node x.js`), paths below its cwd relative to it, the home folder as
 * `~`, cut at `max`.
 */
export function shortCommand(command: string, options: ShortCommandOptions = {}): string {
  const { home, cwd, max = MAX_COMMAND_LENGTH } = options;
  const [program = '', ...args] = command.trim().split(/\s+/);
  const base = program.includes('/') ? program.slice(program.lastIndexOf('/') + 1) || program : program;
  const below = cwd === undefined || cwd === null || cwd === '' || cwd === '/' ? null : `${cwd.replace(/\/$/, '')}/`;
  const shorten = (arg: string): string => (below !== null && arg.startsWith(below) && arg.length > below.length ? arg.slice(below.length) : tildify(arg, home));
  const text = [base, ...args.map(shorten)].join(' ');
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** `/home/ann/proj` → `~/proj` when `home` is `/home/ann`; other paths unchanged. */
export function tildify(path: string, home?: string | null): string {
  if (home === undefined || home === null || home === '' || home === '/') return path;
  const root = home.endsWith('/') ? home.slice(0, -1) : home;
  if (path === root) return '~';
  return path.startsWith(`${root}/`) ? `~${path.slice(root.length)}` : path;
}

/** A coarse age: `just now`, `45s ago`, `12m ago`, `2h ago`, `3d ago` (a clock skew counts as just now). */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return 'just now';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** A span for messages: `800ms`, `10s`, `1.5s`, `2m`. */
export function formatSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  return `${(ms / 60_000).toFixed(1).replace(/\.0$/, '')}m`;
}
