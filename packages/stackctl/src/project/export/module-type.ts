// Whether Node reads a `.js` file in a folder as an ES module: the nearest package.json up from it says `"type": "module"`.
import fs from 'node:fs';
import path from 'node:path';
import { parsePackageJson } from '../package-json.js';

/** As Node decides it: the first package.json found from `folder` up settles it (none, or one without `type`: CommonJS). */
export function jsIsEsmIn(folder: string): boolean {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    const text = readIfPresent(path.join(current, 'package.json'));
    if (text !== null) return parsePackageJson<{ type?: unknown }>(text)?.type === 'module';
    if (path.dirname(current) === current) return false;
  }
}

function readIfPresent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
