// Test helper: a TerminalEnv from plain data (variables, platform, programs on PATH, files), for detection and planning tests.
import type { TerminalEnv } from '../../src/terminals/index.js';

export interface FakeEnvOptions {
  readonly vars?: Record<string, string>;
  readonly platform?: NodeJS.Platform;
  /** Program names found on PATH (as `/usr/bin/<name>`). */
  readonly programs?: readonly string[];
  readonly files?: Record<string, string>;
}

export function fakeEnv(options: FakeEnvOptions = {}): TerminalEnv {
  const programs = new Set(options.programs ?? []);
  return {
    vars: options.vars ?? {},
    platform: options.platform ?? 'linux',
    which: (program) => (programs.has(program) ? `/usr/bin/${program}` : undefined),
    readTextFile: (file) => options.files?.[file],
  };
}
