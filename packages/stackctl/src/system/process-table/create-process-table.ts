// Picks the process-table implementation for the running OS.
import { StackctlError } from '../../errors/index.js';
import { LinuxProcessTable } from './linux-process-table.js';
import type { ProcessTable } from './process-table.js';
import { PsProcessTable } from './ps-process-table.js';

/** The process table for `platform`; throws E_INTERNAL on an OS not supported yet (Windows). */
export function createProcessTable(platform: NodeJS.Platform = process.platform): ProcessTable {
  switch (platform) {
    case 'linux':
      return new LinuxProcessTable();
    case 'darwin':
    case 'freebsd':
      return new PsProcessTable();
    default:
      throw new StackctlError('E_INTERNAL', `reading the process table is not supported on ${platform} yet`, {
        hint: 'stackctl supervises processes on Linux and macOS for now',
      });
  }
}
