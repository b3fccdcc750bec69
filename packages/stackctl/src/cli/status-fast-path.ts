// `stackctl status` when a host answers: find the config file, ask `.stackctl/daemon.sock`, print — nothing more loaded.
import net from 'node:net';
import path from 'node:path';
import type { StatusJson } from '../api/status-json.js';
import { findConfigUpwards, findExplicitConfig } from '../config/config-files.js';

/*
 * `status` is the command people run in a loop, so it must cost little more than starting Node.
 * The full path (commands/status.ts) loads and validates the config (YAML, zod, dotenv), commander
 * and the HTTP client; none of that matters when a host answers, as the host's own resolved config
 * is what the table shows. So: the config file is only located (walking up, as discovery does; the
 * project root is its folder), the socket asked with one HTTP/1.0 request, the answer formatted;
 * the table's modules load while the host answers. Whatever is unusual — another flag, no answer,
 * an error status, a body that is not the status shape — returns null and the full path runs
 * instead, with its own errors, hints and fallbacks (offline status, starting a daemon to re-adopt
 * live services). test/cli/status-fast-path.test.ts checks that both print the same. One
 * difference is deliberate: the config file is not parsed here, so its warnings (and errors) are
 * not printed while a host answers; `start`, `up` and every other command still report them.
 */

/** How long the host may take to answer before the full path takes over (which probes it again). */
const ANSWER_TIMEOUT_MS = 2000;

export interface FastStatusIO {
  readonly stdout: (text: string) => void;
  readonly isTTY: boolean;
}

interface StatusArgs {
  readonly configPath?: string;
  readonly json: boolean;
  readonly color: boolean;
}

/** Prints the status and resolves with 0, or resolves with null when the full `status` command must run. */
export async function fastStatus(argv: readonly string[], io: FastStatusIO): Promise<number | null> {
  const args = parseStatusArgs(argv);
  if (args === null) return null;
  const cwd = process.cwd();
  const configFile = args.configPath === undefined ? findConfigUpwards(cwd) : findExplicitConfig(path.resolve(cwd, args.configPath));
  if (configFile === null) return null;
  // The project root is the config file's folder (as config/resolve.ts has it), `.stackctl/` is in it.
  const answer = askHost(path.join(path.dirname(configFile), '.stackctl', 'daemon.sock'));
  if (args.json) {
    const status = await answer;
    if (status === null) return null;
    io.stdout(`${JSON.stringify(status, null, 2)}\n`);
    return 0;
  }
  const [status, { formatStatusTable }, { createPalette, shouldUseColor }] = await Promise.all([
    answer,
    import('../output/status-table.js'),
    import('../output/colors.js'),
  ]);
  if (status === null) return null;
  const color = shouldUseColor({ noColorFlag: !args.color, env: process.env, isTTY: io.isTTY });
  io.stdout(formatStatusTable(status, createPalette(color)));
  return 0;
}

/**
 * `status` with only global options (`-c/--config PATH`, `--json`, `--debug`, `--no-color`), in any
 * order; null for anything else (`--watch`, `--help`, a typo…), which commander then handles.
 */
export function parseStatusArgs(argv: readonly string[]): StatusArgs | null {
  let command = false;
  let configPath: string | undefined;
  let json = false;
  let color = true;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === 'status' && !command) command = true;
    else if (arg === '--json') json = true;
    else if (arg === '--no-color') color = false;
    else if (arg === '--debug') continue;
    else if (arg === '-c' || arg === '--config') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) return null;
      configPath = value;
      i += 1;
    } else if (arg.startsWith('--config=')) configPath = arg.slice('--config='.length);
    else return null;
  }
  return command ? { configPath, json, color } : null;
}

/** GET /api/services over the socket; null on any failure (nobody listening, a timeout, an error status, an odd body). */
function askHost(socketPath: string): Promise<StatusJson | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (value: StatusJson | null): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(value);
    };
    // HTTP/1.0: the host answers without chunked encoding and closes the connection, so the body is
    // all that follows the head. (Not half-closed from here: node's server would drop the request.)
    const socket = net.connect(socketPath, () => socket.write('GET /api/services HTTP/1.0\r\nAccept: application/json\r\n\r\n'));
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => finish(null));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish(null));
    socket.on('end', () => finish(parseStatusResponse(Buffer.concat(chunks).toString('utf8'))));
  });
}

/** The status from a raw HTTP response, or null unless it is a 200 with the `status --json` shape. */
export function parseStatusResponse(response: string): StatusJson | null {
  const headEnd = response.indexOf('\r\n\r\n');
  if (headEnd === -1 || !/^HTTP\/1\.[01] 200 /.test(response)) return null;
  const head = response.slice(0, headEnd).toLowerCase();
  if (head.includes('transfer-encoding:')) return null;
  try {
    const body = JSON.parse(response.slice(headEnd + 4)) as Partial<StatusJson> | null;
    return typeof body?.project === 'string' && Array.isArray(body.services) ? (body as StatusJson) : null;
  } catch {
    return null;
  }
}
