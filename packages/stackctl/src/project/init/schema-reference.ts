// Where an editor finds stackctl's JSON Schema from a project: the installed package's copy, else this package's, as a path.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTALLED = 'node_modules/stackctl/schema/stackctl.schema.json';

/** A `./`-relative (or absolute) path to stackctl.schema.json as seen from `projectDir`, or undefined when none is found. */
export function schemaReference(projectDir: string): string | undefined {
  if (fs.existsSync(path.join(projectDir, INSTALLED))) return `./${INSTALLED}`;
  // src/project/init or dist/project/init → the package root.
  const own = fileURLToPath(new URL('../../../schema/stackctl.schema.json', import.meta.url));
  if (!fs.existsSync(own)) return undefined;
  const relative = path.relative(projectDir, own).split(path.sep).join('/');
  return relative.startsWith('../../../') || path.isAbsolute(relative) ? own : relative.startsWith('.') ? relative : `./${relative}`;
}
