// Test helper: init's detection and writer run on a copy of a fixture project under test/fixtures/projects/, and the result loaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { detectProject, diskProjectFiles, writeConfig, type DetectOptions } from '../../../src/project/init/index.js';
import type { InitResult } from './init-project.js';

export const PROJECTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/projects');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export async function initFixture(name: string, options: DetectOptions = {}): Promise<InitResult> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `stackctl-${name}-`)));
  made.push(dir);
  fs.cpSync(path.join(PROJECTS, name), dir, { recursive: true });
  const plan = detectProject(diskProjectFiles(dir), options);
  const yaml = writeConfig(plan);
  fs.writeFileSync(path.join(dir, 'stackctl.yaml'), yaml);
  const { config } = await loadConfig({ cwd: dir, parentEnv: {} });
  return { dir, plan, yaml, config };
}
