// The Node services one folder's package.json gives: its dev/start script as one service, a wrapper's components, or a workspace task.
import type { DetectedService } from './detected.js';
import type { PackageManager } from '../lockfiles.js';
import { readPackageJson, serviceFromScript } from './node-detector.js';
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
  return { services: service === null ? [] : [service], covers: [], workspaceTask: null };
}
