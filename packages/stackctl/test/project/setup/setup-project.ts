// Test helper: a throw-away repository (a .git folder bounds the lockfile search) with a stackctl.yaml, loaded as a config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { ResolvedConfig } from '../../../src/config/types.js';
import { readConfigEnvFiles } from '../../../src/project/env/index.js';
import { planSetup, type PlanSetupOptions, type SetupTask } from '../../../src/project/setup/index.js';

export interface SetupProject {
  readonly root: string;
  /** Unique: every process setup starts carries it in STACKCTL_PROJECT. */
  readonly name: string;
  write(file: string, content: string): void;
  load(): Promise<ResolvedConfig>;
  plan(options?: Partial<PlanSetupOptions>): Promise<{ config: ResolvedConfig; tasks: SetupTask[] }>;
}

const created: string[] = [];
let counter = 0;

/** `files`: relative path → content; a path ending in `/` is a folder. `services` is the YAML after `services:` (and more). */
export function setupProject(yaml: string, files: Record<string, string> = {}): SetupProject {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-setup-')));
  created.push(root);
  counter += 1;
  const name = `setup-${process.pid}-${counter}-${Date.now().toString(36)}`;
  const write = (file: string, content: string): void => {
    const target = path.join(root, file);
    if (file.endsWith('/')) return void fs.mkdirSync(target, { recursive: true });
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  };
  write('.git/', '');
  write('stackctl.yaml', `name: ${name}\n${yaml}`);
  for (const [file, content] of Object.entries(files)) write(file, content);
  const load = async (): Promise<ResolvedConfig> =>
    (await loadConfig({ cwd: root, parentEnv: process.env, tolerateMissingEnvFiles: true })).config;
  return {
    root,
    name,
    write,
    load,
    plan: async (options = {}) => {
      const config = await load();
      const { envFiles } = await readConfigEnvFiles(config.configPath, config.source);
      return { config, tasks: planSetup(config, { services: [], envFiles, parentEnv: process.env, ...options }) };
    },
  };
}

export function removeSetupProjects(): void {
  for (const root of created.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

/** A package.json without dependencies and its lockfile: `npm ci` / `npm install` succeed offline in a blink. */
export function emptyNpmPackage(name: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name, version: '1.0.0', private: true }),
    'package-lock.json': JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0' } } }),
  };
}

/** Prefixes every key with `folder/`. */
export function inFolder(folder: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([file, content]) => [`${folder}/${file}`, content]));
}
