// The read-only view of a project folder the detectors inspect: the real disk, or an in-memory map for tests.
import fs from 'node:fs';
import path from 'node:path';

export interface ProjectFiles {
  /** A file's text (path relative to the project root, `/`-separated), or null when it is not a readable file. */
  read(file: string): string | null;
  /** The sub-folders of a folder ('.' for the root), sorted; [] when it does not exist. */
  folders(dir: string): string[];
}

/** The project on disk, rooted at `root`; never writes. */
export function diskProjectFiles(root: string): ProjectFiles {
  return {
    read(file) {
      try {
        return fs.readFileSync(path.join(root, file), 'utf8');
      } catch {
        return null;
      }
    },
    folders(dir) {
      try {
        return fs
          .readdirSync(path.join(root, dir), { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
          .map((entry) => entry.name)
          .sort();
      } catch {
        return [];
      }
    },
  };
}

/** A project given as `{ 'web/package.json': '…' }`: folders are implied by the paths. */
export function memoryProjectFiles(files: Readonly<Record<string, string>>): ProjectFiles {
  return {
    read: (file) => files[normalise(file)] ?? null,
    folders(dir) {
      const prefix = dir === '.' || dir === '' ? '' : `${normalise(dir)}/`;
      const names = new Set<string>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length).split('/');
        if (rest.length > 1 && rest[0] !== undefined && !rest[0].startsWith('.') && rest[0] !== 'node_modules') names.add(rest[0]);
      }
      return [...names].sort();
    },
  };
}

/** `dir` joined with `file`, `/`-separated, without a leading `./`. */
export function joinPath(dir: string, file: string): string {
  return dir === '.' || dir === '' ? file : `${dir}/${file}`;
}

function normalise(file: string): string {
  return file.replace(/^\.\//, '').replace(/\\/g, '/');
}
