// Test helper: writes an in-memory project to a temp folder, runs init's detection and writer on it, and loads the result.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../../src/config/index.js';
import { detectProject, diskProjectFiles, writeConfig, type ProjectPlan } from '../../../src/project/init/index.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface InitResult {
  readonly dir: string;
  readonly plan: ProjectPlan;
  readonly yaml: string;
  readonly config: ResolvedConfig;
}

export async function initProject(files: Readonly<Record<string, string>>): Promise<InitResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-init-'));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const plan = detectProject(diskProjectFiles(dir));
  const yaml = writeConfig(plan, { schema: './node_modules/stackctl/schema/stackctl.schema.json' });
  writeFileSync(path.join(dir, 'stackctl.yaml'), yaml);
  const { config } = await loadConfig({ cwd: dir, parentEnv: {} });
  return { dir, plan, yaml, config };
}

export function pkg(fields: { scripts?: Record<string, string>; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; workspaces?: string[] }): string {
  return JSON.stringify({ name: 'x', ...fields }, null, 2);
}

/** The parts of a planned service the tests compare. */
export function shape(plan: ProjectPlan): Array<Record<string, unknown>> {
  return plan.services.map((service) => ({
    name: service.name,
    command: service.command,
    cwd: service.cwd,
    port: service.port,
    health: service.health,
    ...(Object.keys(service.dependsOn).length > 0 ? { dependsOn: service.dependsOn } : {}),
  }));
}
