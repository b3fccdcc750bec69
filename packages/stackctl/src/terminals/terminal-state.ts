// `.stackctl/terminals.json`: what `--separate-terminals` opened (launcher, tmux server, session, window ids), so `stop` and `attach` find it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensureStateDir, stateDirFor } from '../project/state-dir.js';
import { TERMINAL_IDS, type TerminalId, type TmuxServerOptions } from './terminal-launcher.js';
import { writeFileAtomic } from '../system/write-file-atomic.js';

export interface TmuxOpened {
  /** The server the windows live on (socket options passed to every later tmux command). */
  readonly server: TmuxServerOptions;
  /** The detached session stackctl created, or null when the windows went into the user's current session. */
  readonly session: string | null;
  /** Service name → tmux window id (`@12`). */
  readonly windows: Readonly<Record<string, string>>;
}

export interface TerminalState {
  readonly version: 1;
  readonly launcher: TerminalId;
  readonly services: readonly string[];
  /** Only for the tmux launcher: the one whose windows stackctl can close and attach to. */
  readonly tmux?: TmuxOpened;
}

const stateSchema = z.object({
  version: z.literal(1),
  launcher: z.enum(TERMINAL_IDS),
  services: z.array(z.string()),
  tmux: z
    .object({
      server: z.object({ socketName: z.string().optional(), socketPath: z.string().optional(), configFile: z.string().optional() }),
      session: z.string().nullable(),
      windows: z.record(z.string(), z.string().regex(/^@\d+$/)),
    })
    .optional(),
});

export function terminalStatePath(projectRoot: string): string {
  return path.join(stateDirFor(projectRoot).root, 'terminals.json');
}

/** The recorded state, or undefined when there is none (or it is unreadable: nothing can be closed from it). */
export function readTerminalState(projectRoot: string): TerminalState | undefined {
  let text: string;
  try {
    text = readFileSync(terminalStatePath(projectRoot), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeTerminalState(projectRoot: string, state: TerminalState): void {
  ensureStateDir(projectRoot);
  writeFileAtomic(terminalStatePath(projectRoot), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export function clearTerminalState(projectRoot: string): void {
  rmSync(terminalStatePath(projectRoot), { force: true });
}
