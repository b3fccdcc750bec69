// The folders init looks in: the root, the workspaces the project declares, and the usual app folders, one level deep.
import { parse } from 'yaml';
import { readPackageJson } from './node-detector.js';
import type { ProjectFiles } from './project-files.js';

const GROUP_FOLDERS = ['apps', 'packages', 'services'];
const APP_FOLDERS = ['web', 'api', 'frontend', 'backend', 'server', 'client', 'app', 'site', 'ui', 'admin', 'worker', 'docs'];

/** Sub-folders (not the root) to inspect, in a stable order without repeats. */
export function candidateFolders(files: ProjectFiles): string[] {
  const patterns = [...workspacePatterns(files), ...GROUP_FOLDERS.map((group) => `${group}/*`), ...APP_FOLDERS];
  const found: string[] = [];
  const rootFolders = new Set(files.folders('.'));
  for (const pattern of patterns) {
    const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    const star = /^([^*]+)\/\*{1,2}$/.exec(clean);
    const folders = star?.[1] !== undefined ? files.folders(star[1]).map((name) => `${star[1]}/${name}`) : clean.includes('*') ? [] : [clean];
    for (const folder of folders) {
      const top = folder.split('/')[0] ?? folder;
      if (rootFolders.has(top) && !found.includes(folder) && (folder.includes('/') || rootFolders.has(folder))) found.push(folder);
    }
  }
  return found;
}

/** `workspaces` in package.json (a list, or `{ packages }`) and `packages` in pnpm-workspace.yaml. */
function workspacePatterns(files: ProjectFiles): string[] {
  const workspaces = (readPackageJson(files, '.') as { workspaces?: unknown } | null)?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  const patterns = Array.isArray(list) ? list.map(String) : [];
  try {
    const pnpm = parse(files.read('pnpm-workspace.yaml') ?? '') as { packages?: unknown } | null;
    if (Array.isArray(pnpm?.packages)) patterns.push(...pnpm.packages.map(String).filter((entry) => !entry.startsWith('!')));
  } catch {
    // an unreadable workspace file only means fewer folders are looked at
  }
  return patterns;
}
