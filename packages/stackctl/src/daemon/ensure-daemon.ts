// The CLI's way to the project's host: ask the socket, and when nobody answers, start a daemon and wait for it.
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { createApiClient, type ApiClient, type HealthJson } from '../api/index.js';
import type { ResolvedConfig } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { readLinesBackward } from '../logs/index.js';
import { CONFIG_STDIN_FLAG, writeConfigHandoff } from './config-handoff.js';
import { daemonEnv, daemonNodeFlags, daemonScript } from './daemon-launch.js';
import { openDaemonOut } from './daemon-out.js';
import { ensureDaemonDirs, type DaemonPaths } from './daemon-paths.js';

/** How long a health probe may take before the host counts as unreachable. */
const PROBE_TIMEOUT_MS = 2000;

export interface EnsureDaemonOptions {
  readonly config: ResolvedConfig;
  /**
   * Environment of the daemon process itself (STACKCTL_LOG_LEVEL…); default: this process's. The
   * services' environments are in `config`, resolved by whoever loaded it.
   */
  readonly env?: NodeJS.ProcessEnv;
  /** How long to wait for a new daemon to answer. Default 10 s. */
  readonly timeoutMs?: number;
  /** Between two health probes while waiting. Default 40 ms. */
  readonly pollMs?: number;
}

export interface DaemonConnection {
  readonly client: ApiClient;
  readonly health: HealthJson;
  readonly paths: DaemonPaths;
  /** True when this call started the daemon. */
  readonly spawned: boolean;
}

/** The health of whoever serves the project's socket (`up` or the daemon), or null when nobody answers. */
export async function probeHost(paths: DaemonPaths): Promise<HealthJson | null> {
  try {
    return await createApiClient(paths.socket, { timeoutMs: PROBE_TIMEOUT_MS }).health();
  } catch {
    return null;
  }
}

/**
 * Connects to the host serving the project; without one, spawns the daemon (daemon-launch.ts)
 * detached (stdout/stderr to `.stackctl/logs/daemon.out`), hands it the resolved config on its
 * stdin (config-handoff.ts), and polls its health. Many CLIs racing
 * here may each spawn one: the instance lock keeps exactly one, the others exit 0 at once, and
 * every CLI reaches the survivor. Throws E_DAEMON_UNREACHABLE naming daemon.out when none answers.
 */
export async function ensureDaemon(options: EnsureDaemonOptions): Promise<DaemonConnection> {
  const paths = ensureDaemonDirs(options.config.root);
  const client = createApiClient(paths.socket);
  const running = await probeHost(paths);
  if (running !== null) return { client, health: running, paths, spawned: false };

  const spawnOne = (): SpawnedDaemon => spawnDaemon(options.config, paths, options.env ?? process.env);
  let daemon = spawnOne();
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const health = await probeHost(paths);
    if (health !== null) return { client, health, paths, spawned: true };
    if (daemon.exitCode !== null && daemon.exitCode !== 0) {
      throw await unreachable(paths, `the stackctl daemon exited with code ${daemon.exitCode} before serving ${paths.socket}`);
    }
    // Exit 0: it lost the race for the lock, and the winner is on its way. Unless no winner shows
    // up: the holder was a host still dying (a killed process's threads let go of the lock last).
    if (daemon.exitCode === 0 && Date.now() - daemon.exitedAt > RESPAWN_AFTER_MS) daemon = spawnOne();
    if (Date.now() > deadline) {
      throw await unreachable(paths, `the stackctl daemon did not answer on ${paths.socket} within ${options.timeoutMs ?? 10_000}ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 40));
  }
}

/** After a spawned daemon lost the lock, how long to wait for the holder to answer before trying again. */
const RESPAWN_AFTER_MS = 3000;

interface SpawnedDaemon {
  /** Null while it runs (or when it was never seen to exit). */
  readonly exitCode: number | null;
  /** Epoch ms of the exit (0 while it runs). */
  readonly exitedAt: number;
}

function spawnDaemon(config: ResolvedConfig, paths: DaemonPaths, env: NodeJS.ProcessEnv): SpawnedDaemon {
  const out = openDaemonOut(paths.daemonOut);
  const state: { exitCode: number | null; exitedAt: number } = { exitCode: null, exitedAt: 0 };
  try {
    const child = spawn(process.execPath, [...daemonNodeFlags(), daemonScript(), '__daemon', '-c', config.configPath, CONFIG_STDIN_FLAG], {
      cwd: paths.projectRoot,
      env: daemonEnv(env),
      detached: true,
      stdio: ['pipe', out, out],
    });
    child.once('error', () => Object.assign(state, { exitCode: 127, exitedAt: Date.now() }));
    child.once('exit', (code, signal) => Object.assign(state, { exitCode: code ?? (signal === null ? 1 : 128), exitedAt: Date.now() }));
    if (child.stdin !== null) writeConfigHandoff(child.stdin, config);
    child.unref();
  } finally {
    closeSync(out);
  }
  return state;
}

async function unreachable(paths: DaemonPaths, message: string): Promise<StackctlError> {
  const tail: string[] = [];
  try {
    for await (const line of readLinesBackward(paths.daemonOut)) {
      if (line.trim() !== '') tail.unshift(line);
      if (tail.length >= 10) break;
    }
  } catch {
    // nothing to show
  }
  return new StackctlError('E_DAEMON_UNREACHABLE', message, {
    details: tail.length === 0 ? [] : [`last lines of ${paths.daemonOut}:`, ...tail.map((line) => `  ${line}`)],
    hint: `see ${paths.daemonOut} and ${paths.toolLog}; run \`stackctl up\` to see the stack in the foreground`,
  });
}
