// The built CLI on TS/JS configs that exit, hang or reject, and a sample of generated malformed configs: exit 2, one clean error, no stack.
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { malformedConfigs, writeMalformed } from '../config/malformed-configs.js';
import { runCli } from './cli-process.js';
import { cleanUp, cliOk, expectNothingLeft, statusJson } from './daemon-helpers.js';
import { createTempProject, fixture, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

/** A project whose config is `stackctl.config.ts` with `source` (the YAML file made by createTempProject removed). */
function moduleProject(file: string, source: string): TempProject {
  const project = createTempProject('services: {}\n');
  projects.push(project);
  unlinkSync(path.join(project.dir, 'stackctl.yaml'));
  writeFileSync(path.join(project.dir, file), source.replaceAll('PROJECT', project.name));
  return project;
}

const LIMIT_MS = 3000;
const env = { STACKCTL_CONFIG_TIMEOUT_MS: String(LIMIT_MS) };

function expectCleanConfigError(result: { code: number; stdout: string; stderr: string }, detail: RegExp): void {
  const output = `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
  expect(result.code, output).toBe(2);
  expect(result.stderr, output).toMatch(/^error\[E_CONFIG_INVALID\]: 1 problem in stackctl\.config\.(ts|mjs)\n/);
  expect(result.stderr, output).toMatch(detail);
  expect(result.stderr, output).toMatch(/\nhint: /);
  expect(`${result.stdout}${result.stderr}`, output).not.toMatch(/^\s+at /m);
}

describe.each(['up', 'start'])('stackctl %s with a config module that misbehaves', (command) => {
  it('answers process.exit(0) with E_CONFIG_INVALID at its line, not a silent exit 0', async () => {
    const project = moduleProject('stackctl.config.ts', 'const code: number = 0;\nprocess.exit(code);\nexport default { name: "PROJECT", services: {} };\n');
    const result = await runCli([command], { cwd: project.dir, env });
    expectCleanConfigError(result, /\n {2}stackctl\.config\.ts:2:9: called process\.exit\(0\) while loading; a config must not end the process\n/);
    await expectNothingLeft(project);
  });

  it('answers a top-level await that never settles, at once', async () => {
    const project = moduleProject('stackctl.config.ts', 'await new Promise<void>(() => {});\nexport default { name: "PROJECT", services: {} };\n');
    const started = Date.now();
    const result = await runCli([command], { cwd: project.dir, env });
    expectCleanConfigError(result, /\n {2}stackctl\.config\.ts: never finished loading: a top-level await or the default export's promise waits for something that can never happen\n/);
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 8_000);
    await expectNothingLeft(project);
  });

  it('stops a default export that keeps waiting at the time limit', async () => {
    const project = moduleProject('stackctl.config.mjs', 'export default new Promise((resolve) => setTimeout(resolve, 600_000));\n');
    const started = Date.now();
    const result = await runCli([command], { cwd: project.dir, env });
    expectCleanConfigError(result, /\n {2}stackctl\.config\.mjs: did not finish loading within 3 s: .*STACKCTL_CONFIG_TIMEOUT_MS/);
    // Well within the limit plus the CLI's own start on a busy machine; nothing near the 10-minute timer.
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 8_000);
    await expectNothingLeft(project);
  });

  it('answers a rejected default export with the reason at its line, not a stack trace', async () => {
    const project = moduleProject('stackctl.config.ts', '\nexport default Promise.reject(new Error("vault is sealed"));\n');
    const result = await runCli([command], { cwd: project.dir, env });
    expectCleanConfigError(result, /\n {2}stackctl\.config\.ts:2:31: the default export is a promise that was rejected: an error: vault is sealed\n/);
    await expectNothingLeft(project);
  });
});

describe('a TS config that loads', () => {
  it('is read by the CLI and by the daemon it starts (the bundled daemon finds the worker)', async () => {
    const project = moduleProject(
      'stackctl.config.ts',
      `import { defineConfig } from 'stackctl';\nconst forever: string[] = ['node', ${fixture('forever.cjs')}];\nexport default defineConfig({ name: 'PROJECT', services: { api: { command: forever } } });\n`,
    );
    await cliOk(project, ['start']);
    const status = await statusJson(project);
    expect(status.services.map((service) => [service.name, service.state])).toEqual([['api', 'running']]);
    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
  });
});

describe('generated malformed configs through the CLI (a sample of each class)', () => {
  const all = malformedConfigs();
  const classes = new Map<string, (typeof all)[number]>();
  for (const config of all) {
    const kind = config.name.split(':')[0] ?? config.name;
    if (!classes.has(kind)) classes.set(kind, config);
  }
  const sample = [...classes.values(), ...all.filter((config) => /process\.exit|never settles|FIFO|dev\/zero|alias bomb/.test(config.name))];

  it.each(sample.map((config) => [config.name, config] as const))('%s', async (_name, config) => {
    const project = createTempProject('services: {}\n');
    projects.push(project);
    rmSync(path.join(project.dir, 'stackctl.yaml'));
    const close = await writeMalformed(project.dir, config);
    try {
      const args = [...(config.configPath === undefined ? [] : ['-c', config.configPath]), 'up'];
      const result = await runCli(args, { cwd: project.dir, env });
      const output = `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
      expect(result.code, output).toBe(2);
      expect(result.stderr, output).toMatch(new RegExp(`^error\\[${config.code}\\]: `));
      if (config.located) expect(result.stderr, output).toMatch(/\n {2}\S+:\d+:\d+[ :]/);
      expect(result.stderr, output).toContain(config.says);
      expect(`${result.stdout}${result.stderr}`, output).not.toMatch(/^\s+at /m);
    } finally {
      await close();
    }
  });
});
