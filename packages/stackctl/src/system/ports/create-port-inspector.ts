// Picks the port inspector for the running OS.
import { StackctlError } from '../../errors/index.js';
import { PsProcessTable } from '../process-table/ps-process-table.js';
import { createLsofPortInspector, createNetstatPortInspector } from './command-port-inspector.js';
import { LinuxPortInspector } from './linux-port-inspector.js';
import type { PortInspector } from './port-inspector.js';

/** Linux reads /proc; macOS runs lsof (and ps for details); Windows runs netstat. */
export function createPortInspector(platform: NodeJS.Platform = process.platform): PortInspector {
  switch (platform) {
    case 'linux':
      return new LinuxPortInspector();
    case 'darwin':
    case 'freebsd':
      return createLsofPortInspector(new PsProcessTable());
    case 'win32':
      return createNetstatPortInspector();
    default:
      throw new StackctlError('E_INTERNAL', `listing listening ports is not supported on ${platform} yet`);
  }
}

/** The inspector stackctl uses by default: Linux and macOS; null elsewhere (no port checks there yet). */
export function defaultPortInspector(platform: NodeJS.Platform = process.platform): PortInspector | null {
  return platform === 'linux' || platform === 'darwin' ? createPortInspector(platform) : null;
}
