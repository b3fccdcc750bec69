// Creates a throw-away project folder with a stackctl.yaml for end-to-end tests, and removes it after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killProject } from './cli-process.js';

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

/**
 * The temp projects of a test file: `create` them in a test, `cleanUpAll` after it. Each is cleaned
 * up by `cleanUp` — by default its processes SIGKILLed by pid (killProject) and its folder removed.
 */
export class TempProjects {
  readonly #created: TempProject[] = [];

  constructor(private readonly cleanUp: (project: TempProject) => void = killAndRemove) {}

  create(body: string): TempProject {
    const created = createTempProject(body);
    this.#created.push(created);
    return created;
  }

  cleanUpAll(): void {
    for (const created of this.#created.splice(0)) this.cleanUp(created);
  }
}

function killAndRemove(project: TempProject): void {
  killProject(project.name);
  project.remove();
}
