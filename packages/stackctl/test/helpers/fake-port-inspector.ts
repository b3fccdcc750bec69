// A scripted PortInspector for unit tests: the test says which pid holds which port; details come from a (fake) process table.
import type { PortInspector, PortListener } from '../../src/system/ports/index.js';
import type { ProcessTable } from '../../src/system/process-table/index.js';

/** Marks a port as held by a process nobody may see (another user's). */
export const HIDDEN = -1;

export class FakePortInspector implements PortInspector {
  /** Port → the pid listening on it; a listener whose process is gone from the table disappears with it. */
  readonly held = new Map<number, number>();
  /** How many times `listeners` was called. */
  calls = 0;

  constructor(private readonly table: ProcessTable) {}

  async listeners(ports?: readonly number[]): Promise<PortListener[]> {
    this.calls += 1;
    const found: PortListener[] = [];
    for (const [port, pid] of [...this.held].sort(([a], [b]) => a - b)) {
      if (ports !== undefined && !ports.includes(port)) continue;
      if (pid === HIDDEN) {
        found.push({ port, address: '0.0.0.0', family: 4, pid: null });
        continue;
      }
      const info = this.table.info(pid);
      if (info === null) continue;
      found.push({ port, address: '127.0.0.1', family: 4, pid, command: info.command, cwd: info.cwd, startedAt: info.startedAt });
    }
    return found;
  }
}
