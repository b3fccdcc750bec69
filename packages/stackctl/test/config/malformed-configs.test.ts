// Every generated malformed config answers with its error code, a detail naming the file (at a line where one exists), and no stack trace.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error.js';
import { loadConfig } from '../../src/config/index.js';
import { StackctlError } from '../../src/errors/index.js';
import { malformedConfigs, writeMalformed, type MalformedConfig } from './malformed-configs.js';
import { removeTempProjects, tempProject } from './temp-project.js';

const cases = malformedConfigs();

afterAll(removeTempProjects);

/** Runs `body` with STACKCTL_CONFIG_TIMEOUT_MS set (loadConfig reads it at each load). */
async function withTimeout<T>(timeoutMs: number | undefined, body: () => Promise<T>): Promise<T> {
  if (timeoutMs === undefined) return body();
  const saved = process.env.STACKCTL_CONFIG_TIMEOUT_MS;
  process.env.STACKCTL_CONFIG_TIMEOUT_MS = String(timeoutMs);
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.STACKCTL_CONFIG_TIMEOUT_MS;
    else process.env.STACKCTL_CONFIG_TIMEOUT_MS = saved;
  }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function expectAnswered(config: MalformedConfig): Promise<void> {
  const root = tempProject();
  const close = await writeMalformed(root, config);
  try {
    const error: unknown = await withTimeout(config.timeoutMs, () =>
      loadConfig({ cwd: root, configPath: config.configPath, parentEnv: {} }).then(
        () => undefined,
        (caught: unknown) => caught,
      ),
    );
    expect(error, 'the config was accepted').toBeInstanceOf(StackctlError);
    const failure = error as StackctlError;
    expect(failure.code).toBe(config.code);
    let printed = '';
    reportError(failure, { debug: false, json: false, write: (text) => (printed += text) });
    expect(printed.startsWith(`error[${config.code}]: `), printed).toBe(true);
    expect(printed, 'a stack trace in the output').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    if (config.code === 'E_CONFIG_NOT_FOUND') {
      expect(failure.message).toContain(path.join(root, config.file));
      return;
    }
    expect(failure.message).toMatch(new RegExp(`^\\d+ problems? in ${escape(config.file)}$`));
    const [first] = failure.details;
    expect(first, printed).toBeDefined();
    for (const detail of failure.details) expect(detail.startsWith(config.file), detail).toBe(true);
    const location = new RegExp(`^${escape(config.file)}:\\d+:\\d+[ :]`);
    if (config.located) expect(first, printed).toMatch(location);
    else expect(first, printed).toMatch(new RegExp(`^${escape(config.file)}(:\\d+:\\d+)?[ :]`));
    expect(failure.details.some((detail) => detail.includes(config.says)), printed).toBe(true);
  } finally {
    await close();
  }
}

describe('malformed configs, generated', () => {
  it('has over a hundred cases, each with its own name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((config) => config.name)).size).toBe(cases.length);
  });

  it.each(cases.map((config) => [config.name, config] as const))('%s', async (_name, config) => {
    await expectAnswered(config);
  });
});
