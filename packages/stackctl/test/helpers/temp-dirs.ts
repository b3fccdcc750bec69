// Temporary folders for tests: `create` them in a test, `removeAll` after it.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TempDirs {
  readonly #created: string[] = [];

  /** `prefix` starts each folder's name (in the OS temp folder). */
  constructor(private readonly prefix: string) {}

  /** A new empty folder, by its real path (no symlink in it, as the OS reports cwds). */
  create(): string {
    const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), this.prefix)));
    this.#created.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.#created.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
