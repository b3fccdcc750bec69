// Pure parser for `lsof -nP -iTCP -sTCP:LISTEN -F pctn` field output (macOS and other BSDs).
import type { PortListener } from './port-inspector.js';
import { splitHostPort, wildcardAddress } from './split-host-port.js';

/** The arguments the parser expects lsof to run with (`+c 0`: command names not cut at 9 chars). */
export const LSOF_ARGS = ['-nP', '+c', '0', '-iTCP', '-sTCP:LISTEN', '-F', 'pctn'] as const;

/**
 * Reads lsof's process sets (`p` PID, `c` command) and file sets (`f` descriptor, `t` IPv4/IPv6,
 * `n` name such as `*:3000` or `[::1]:5432`). One listener per (pid, address, port); the family
 * comes from `t`, or from the name's form when `t` is absent.
 */
export function parseLsofOutput(text: string): PortListener[] {
  const listeners: PortListener[] = [];
  const seen = new Set<string>();
  let pid: number | null = null;
  let command: string | undefined;
  let type: string | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const tag = line.charAt(0);
    const value = line.slice(1);
    if (tag === 'p') {
      pid = /^\d+$/.test(value) ? Number(value) : null;
      command = undefined;
      type = undefined;
    } else if (tag === 'c') {
      command = value;
    } else if (tag === 'f') {
      type = undefined;
    } else if (tag === 't') {
      type = value;
    } else if (tag === 'n') {
      const local = value.split('->')[0]?.replace(/\s*\(LISTEN\)$/, '') ?? '';
      const parsed = splitHostPort(local);
      if (parsed === null) continue;
      const family = type === 'IPv6' ? 6 : type === 'IPv4' ? 4 : parsed.family;
      const address = parsed.host === '*' ? wildcardAddress(family) : parsed.host;
      const key = `${pid}|${family}|${address}|${parsed.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      listeners.push({ port: parsed.port, address, family, pid, ...(command === undefined ? {} : { command }) });
    }
  }
  return listeners;
}
