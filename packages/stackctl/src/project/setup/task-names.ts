// Task ids (file-name safe: they name `.stackctl/setup/<id>.log`) and the folder labels shown in task names.
import path from 'node:path';

/** A folder or file relative to the project root as shown: `.` for the root itself, `api`, `../shared`. */
export function shownPath(root: string, target: string): string {
  return path.relative(root, target) || '.';
}

/** `deps` + `api/web` + `npm` → `deps-api_web-npm`; the root folder is `root`. */
export function taskId(...parts: readonly string[]): string {
  return parts.map((part) => (part === '.' ? 'root' : part.replace(/[^\w.-]+/g, '_'))).join('-');
}
