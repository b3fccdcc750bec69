// stackctl's own version, read once from its package.json (the same file from src/, dist/ and the daemon bundle).
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** `0.1.0`; `unknown` when the package.json cannot be read (a bundle moved elsewhere). */
export function packageVersion(): string {
  if (version !== undefined) return version;
  try {
    const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const parsed = JSON.parse(raw) as { name?: unknown; version?: unknown };
    version = parsed.name === 'stackctl' && typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    version = 'unknown';
  }
  return version;
}
