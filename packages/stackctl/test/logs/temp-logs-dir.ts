// A fresh temporary logs folder per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** Call at the top of a describe block; `dir()` gives the current test's folder. */
export function useTempLogsDir(): () => string {
  let current: string | null = null;
  afterEach(() => {
    if (current !== null) rmSync(current, { recursive: true, force: true });
    current = null;
  });
  return () => {
    current ??= mkdtempSync(path.join(os.tmpdir(), 'stackctl-logs-'));
    return current;
  };
}
