// The daemon process as ensureDaemon launches it: `__daemon -c <config> --config-stdin`, config on stdin.
import { CONFIG_STDIN_FLAG, readConfigHandoff } from './config-handoff.js';
import { runDaemon } from './daemon-main.js';

/** The arguments after the script, exactly as ensureDaemon passes them; null for any other form. */
export function daemonArgs(argv: readonly string[]): { configPath: string } | null {
  const [command, flag, configPath, handoff, ...rest] = argv;
  if (command !== '__daemon' || flag !== '-c' || configPath === undefined || handoff !== CONFIG_STDIN_FLAG || rest.length > 0) return null;
  return { configPath };
}

/** Runs the daemon until it stops and resolves with its exit code. */
export function runLaunchedDaemon(args: { configPath: string }): Promise<number> {
  return runDaemon({ configPath: args.configPath, cwd: process.cwd(), env: process.env, config: () => readConfigHandoff() });
}
