// The Node services one folder's package.json gives: its dev/start script as one service, a wrapper's components, or a workspace task.
import type { DetectedService } from './detected.js';
import type { PackageManager } from '../lockfiles.js';
import { entryFromScript } from './code-ports.js';
import { readPackageJson, serviceFromScript, type PackageJson } from './node-detector.js';
import { runScript } from './package-manager.js';
import type { ProjectFiles } from './project-files.js';
import { splitWrapper } from './wrapper-split.js';

export interface NodeFolderOptions {
  readonly packageManager: PackageManager;
  /** Keep a single script whose framework is not recognised (a wrapper's components are always kept). */
  readonly keepUnrecognised: boolean;
  /** The script to prefer (a turbo/nx/lerna task the root runs in every workspace); else `dev`, then `start`. */
  readonly task?: string | null;
}

export interface NodeFolder {
  readonly services: DetectedService[];
  /** Other folders a wrapper's components run in: not looked at again on their own. */
  readonly covers: string[];
  /** The task a turbo/nx/lerna/`pnpm -r` script runs in each workspace; null otherwise. */
  readonly workspaceTask: string | null;
}

export function detectNodeFolder(files: ProjectFiles, dir: string, options: NodeFolderOptions): NodeFolder | null {
  const pkg = readPackageJson(files, dir);
  if (pkg === null) return null;
  const scripts = pkg.scripts ?? {};
  const scriptName = [options.task, 'dev', 'start'].find((name) => typeof name === 'string' && typeof scripts[name] === 'string');
  if (scriptName === undefined || scriptName === null) return null;
  const script = String(scripts[scriptName]);
  const split = splitWrapper(files, dir, script, options.packageManager);
  if (split?.kind === 'workspaces') return { services: [], covers: [], workspaceTask: split.task };
  if (split?.kind === 'components') {
    const services = split.components
      .map((component) => serviceFromScript(files, component.dir, readPackageJson(files, component.dir) ?? pkg, component, { keepUnrecognised: true }))
      .filter((service) => service !== null);
    return { services, covers: [...new Set(split.components.map((component) => component.dir).filter((folder) => folder !== dir))], workspaceTask: null };
  }
  const service = serviceFromScript(files, dir, pkg, { scriptName, script, command: runScript(options.packageManager, scriptName) }, options);
  if (service !== null) return { services: [service], covers: [], workspaceTask: null };
  return { services: namedScripts(files, dir, pkg, options), covers: [], workspaceTask: null };
}

/** Scripts that are never a long-running process of the stack. */
const ONE_OFF = /^(?:build|test|lint|format|fmt|check|typecheck|type-check|clean|prepare|postinstall|preinstall|install|migrate|seed|release|deploy|bench|e2e|coverage|docs:build)\b|:(?:build|test|lint)$/;

/**
 * When `dev`/`start` runs no server (it runs stackctl itself, say), the other scripts that each start one
 * file with node/tsx/…, named after the script: `"api": "node api/server.js"` → service `api` (`npm run api`).
 */
function namedScripts(files: ProjectFiles, dir: string, pkg: PackageJson, options: NodeFolderOptions): DetectedService[] {
  const services: DetectedService[] = [];
  for (const [name, value] of Object.entries(pkg.scripts ?? {})) {
    if (typeof value !== 'string' || ONE_OFF.test(name) || name === 'dev' || name === 'start' || entryFromScript(value) === null) continue;
    const service = serviceFromScript(files, dir, pkg, { scriptName: name, script: value, command: runScript(options.packageManager, name), name }, { keepUnrecognised: true });
    if (service !== null) services.push(service);
  }
  return services;
}
