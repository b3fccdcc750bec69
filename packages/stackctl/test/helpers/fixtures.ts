// Paths to the fixture scripts and argv lists that run them with this Node.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function fixturePath(name: string): string {
  return path.join(FIXTURES_DIR, `${name}.cjs`);
}

/** `[node, fixtures/<name>.cjs, ...args]`: an argv command, run without a shell. */
export function nodeFixture(name: string, ...args: Array<string | number>): string[] {
  return [process.execPath, fixturePath(name), ...args.map(String)];
}

/** The same as a shell string (`sh -c` leads the group). */
export function shellFixture(name: string, ...args: Array<string | number>): string {
  return nodeFixture(name, ...args)
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(' ');
}
