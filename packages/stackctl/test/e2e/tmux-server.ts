// A private tmux server for end-to-end tests (`-L stackctl-test-<pid>-<n>`, no config file): never the user's; every pid it had is checked gone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expectPidsGone, killSurvivors } from '../helpers/pids.js';

export const hasTmux = process.platform !== 'win32' && spawnSync('tmux', ['-V']).status === 0;

let counter = 0;

export interface TmuxWindow {
  readonly id: string;
  readonly name: string;
  readonly session: string;
  readonly panePid: number;
}

/** The environment tests give tmux and stackctl: no outer tmux, no editor terminal, no colour decisions. */
export function neutralEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Set to undefined rather than deleted: spawn leaves such keys out, and they override startCli's NO_COLOR=1.
  for (const key of NEUTRALISED) env[key] = undefined;
  return { ...env, ...extra };
}

const NEUTRALISED = [
  'TMUX',
  'TMUX_PANE',
  'TERM_PROGRAM',
  'NO_COLOR',
  'FORCE_COLOR',
  'STACKCTL_TMUX_SOCKET',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'KONSOLE_VERSION',
  'GNOME_TERMINAL_SCREEN',
  'GNOME_TERMINAL_SERVICE',
  'WT_SESSION',
];

export class PrivateTmux {
  readonly socket: string;
  /** Every process of this server seen so far (the server and pane processes). */
  readonly pids = new Set<number>();

  constructor() {
    counter += 1;
    this.socket = `stackctl-test-${process.pid}-${counter}`;
  }

  /** Runs a tmux command on this server; throws with tmux's message when it fails. */
  run(...args: string[]): string {
    const result = this.tryRun(...args);
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  }

  tryRun(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: neutralEnv() });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Every window of the server (empty once it has no session), remembering their pane pids. */
  windows(): TmuxWindow[] {
    const result = this.tryRun('list-windows', '-a', '-F', '#{window_id}\t#{window_name}\t#{session_name}\t#{pane_pid}');
    if (result.status !== 0) return [];
    return result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [id = '', name = '', session = '', pid = '0'] = line.split('\t');
        this.pids.add(Number(pid));
        return { id, name, session, panePid: Number(pid) };
      });
  }

  /** The server's own pid, remembered for the final check. */
  serverPid(): number {
    const pid = Number(this.run('display-message', '-p', '#{pid}').trim());
    this.pids.add(pid);
    return pid;
  }

  capture(target: string, { escapes = false } = {}): string {
    const result = this.tryRun('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', target);
    return result.status === 0 ? result.stdout : '';
  }

  /** Kills the server, removes its socket file, and checks that every process it had is gone. */
  async kill(): Promise<void> {
    this.tryRun('kill-server');
    fs.rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
    try {
      await expectPidsGone(this.pids);
    } finally {
      killSurvivors(this.pids);
    }
  }
}
