// tmux naming and server arguments: session and window names tmux will not mangle, and the socket options every command carries.
import type { TmuxServerOptions } from './terminal-launcher.js';

/** `-S path` or `-L name` (and `-f file`), placed before the tmux command. */
export function tmuxServerArgs(server: TmuxServerOptions | undefined): string[] {
  const args: string[] = [];
  if (server?.socketPath !== undefined) args.push('-S', server.socketPath);
  else if (server?.socketName !== undefined) args.push('-L', server.socketName);
  if (server?.configFile !== undefined) args.push('-f', server.configFile);
  return args;
}

/**
 * The detached session's name: `stackctl-<project>` with everything but ASCII letters, digits, `_`
 * and `-` turned into `_` (tmux rewrites `.` and `:`, escapes `$` and quotes in session names, and
 * reads `.`/`:` in targets as pane and window separators).
 */
export function tmuxSessionName(project: string): string {
  const safe = project.replace(/[^A-Za-z0-9_-]/g, '_');
  return `stackctl-${safe === '' ? 'project' : safe}`;
}

/** A window name: `.`, `:` and control characters become `_`; `#` is doubled because tmux expands formats in `-n`. */
export function tmuxWindowName(service: string): string {
  // eslint-disable-next-line no-control-regex
  const name = service.replace(/[.:\u0000-\u001f\u007f]/g, '_').replace(/#/g, '##');
  return name === '' ? '_' : name;
}

/** An exact-match session target (`=name`, so `demo` never matches `demo2`). */
export function exactSession(session: string): string {
  return `=${session}`;
}

/** The socket path of the tmux server we are inside (`$TMUX` is `path,pid,session`), or undefined. */
export function socketPathFromTmuxVar(tmux: string | undefined): string | undefined {
  if (tmux === undefined || tmux === '') return undefined;
  const parts = tmux.split(',');
  return parts.length >= 3 ? parts.slice(0, -2).join(',') : parts[0];
}
