// `dependencies`: packages a package.json declares are installed (node_modules), Python services have a .venv their entry modules import in.
import fs from 'node:fs';
import path from 'node:path';
import { projectBins } from '../../../config/index.js';
import { shownPath } from '../shown-path.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, listNames, ok } from '../findings.js';
import { entryModules, failedImports } from '../python-imports.js';
import { declaredDependencies, isDirectory, nearestLockfile, projectPackages, pythonRequirements, readPackageJson } from '../project-packages.js';

const INSTALL: Readonly<Record<string, string>> = { npm: 'npm install', pnpm: 'pnpm install', yarn: 'yarn install', bun: 'bun install' };

export const dependenciesCheck: DoctorCheck = {
  id: 'dependencies',
  title: 'Dependencies are installed',
  needs: 'config',
  async run(ctx) {
    const config = ctx.config;
    if (config === null) return [];
    const findings: Finding[] = [];
    const fine: string[] = [];
    // A service with `setup: false` installs nothing: its packages are someone else's business.
    for (const { file } of projectPackages(config, (service) => service.setup !== false)) {
      const dir = path.dirname(file);
      const shown = shownPath(file, ctx.cwd);
      let wanted: string[];
      try {
        wanted = declaredDependencies(readPackageJson(file));
      } catch {
        continue; // the node check reports a package.json it cannot read
      }
      if (wanted.length === 0) continue;
      const missing = wanted.filter((name) => !installed(dir, name));
      if (missing.length === 0) {
        fine.push(shown);
        continue;
      }
      const manager = nearestLockfile(dir, config.root)?.manager ?? 'npm';
      const where = shownPath(dir, ctx.cwd);
      const fix = `stackctl setup (or \`${INSTALL[manager] ?? 'npm install'}\` in ${where})`;
      const message = !hasNodeModules(dir)
        ? `node_modules is missing for ${shown} (${wanted.length} dependencies)`
        : `${missing.length} of ${wanted.length} dependencies of ${shown} are not installed: ${listNames(missing)}`;
      findings.push(fail(message, fix));
    }
    for (const service of Object.values(config.services)) {
      // Only for detected setup: a service with its own setup commands may install elsewhere.
      if (service.setup !== undefined) continue;
      const requirements = pythonRequirements(service.cwd);
      if (requirements === null) continue;
      const where = shownPath(service.cwd, ctx.cwd);
      const venv = projectBins(service.cwd, config.root).virtualEnv ?? ['.venv', 'venv'].map((name) => path.join(service.cwd, name)).find(isDirectory);
      if (venv !== undefined) {
        const modules = entryModules(service.command, readRequirements(path.join(service.cwd, requirements)));
        const failed = failedImports(venv, service.cwd, modules);
        const shownVenv = shownPath(venv, ctx.cwd);
        if (failed === null) {
          findings.push(fail(`${service.name}: ${shownVenv} is not a virtualenv (no bin/python)`, `remove it and run stackctl setup --force (in ${where})`));
          continue;
        }
        if (failed.length === 0) {
          fine.push(shownVenv);
          continue;
        }
        findings.push(
          fail(
            `${service.name}: ${listNames(failed.map((entry) => entry.module))} ${failed.length === 1 ? 'does' : 'do'} not import in ${shownVenv} (${failed[0]?.error ?? ''})`,
            `stackctl setup --force (or install ${requirements} into ${shownVenv}, in ${where})`,
          ),
        );
        continue;
      }
      findings.push(
        fail(
          `${service.name} has ${requirements} but no .venv in ${where}`,
          `stackctl setup (or \`python3 -m venv .venv\` and install ${requirements} into it, in ${where})`,
        ),
      );
    }
    if (fine.length > 0) findings.unshift(ok(`installed: ${listNames(fine)}`));
    if (findings.length === 0) findings.push(ok('no package.json with dependencies and no Python requirements'));
    return findings;
  },
};

function readRequirements(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Resolved as Node resolves a package: `node_modules/<name>` in the folder or any folder above it. */
function installed(dir: string, name: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (isDirectory(path.join(current, 'node_modules', name))) return true;
    if (path.dirname(current) === current) return false;
  }
}

function hasNodeModules(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (isDirectory(path.join(current, 'node_modules'))) return true;
    if (path.dirname(current) === current) return false;
  }
}
