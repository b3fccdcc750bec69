// Creates a throw-away project folder with a stackctl.yaml for end-to-end tests, and removes it after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export interface TempProject {
  readonly dir: string;
  /** Unique project name: every service process carries it in STACKCTL_PROJECT. */
  readonly name: string;
  remove(): void;
}

let counter = 0;

/** Writes `stackctl.yaml` with `name:` set to a unique project name followed by `body` (the `services:` block). */
export function createTempProject(body: string): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-e2e-'));
  counter += 1;
  const name = `e2e-${process.pid}-${counter}-${Date.now().toString(36)}`;
  writeFileSync(path.join(dir, 'stackctl.yaml'), `name: ${name}\n${body}`);
  return { dir, name, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A JSON-quoted absolute path to a fixture script, safe inside YAML flow lists. */
export function fixture(name: string): string {
  return JSON.stringify(path.join(FIXTURES, name));
}
