// Paths in findings as the user types them: relative to the working folder when inside it, `.` for the folder itself.
import path from 'node:path';
import { displayFile } from '../../config/problem.js';

export function shownPath(file: string, cwd: string): string {
  return path.resolve(file) === path.resolve(cwd) ? '.' : displayFile(file, cwd);
}
