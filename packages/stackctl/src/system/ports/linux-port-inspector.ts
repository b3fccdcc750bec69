// Linux port inspector reading /proc/net/tcp{,6} and /proc/<pid>/fd by hand — no ss or lsof spawned.
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { ProcessInfo, ProcessTable } from '../process-table/process-table.js';
import { LinuxProcessTable } from '../process-table/linux-process-table.js';
import { parseProcNetTcp, type ProcListenSocket } from './parse-proc-net-tcp.js';
import { compareListeners, type PortInspector, type PortListener } from './port-inspector.js';
import { readProcNetListeners } from './read-proc-net-listeners.js';
import { findSocketOwners } from './socket-inode-owners.js';
import { readStackctlOwner, type StackctlOwner } from '../stackctl-owner.js';

export interface LinuxPortInspectorOptions {
  /** Where procfs is mounted. Default `/proc`. */
  readonly procRoot?: string;
  /** Fills command, cwd and start time of each owner. Default: a LinuxProcessTable on `procRoot`. */
  readonly processTable?: ProcessTable;
}

/**
 * Sees the listeners of this process's network namespace (`/proc/net` is `/proc/self/net`); the
 * owner of a socket held by another user's process stays null unless we run as root.
 */
export class LinuxPortInspector implements PortInspector {
  private readonly procRoot: string;
  private readonly table: ProcessTable;
  private readonly littleEndian = endianness() === 'LE';

  constructor(options: LinuxPortInspectorOptions = {}) {
    this.procRoot = options.procRoot ?? '/proc';
    this.table = options.processTable ?? new LinuxProcessTable({ procRoot: this.procRoot });
  }

  async listeners(ports?: readonly number[]): Promise<PortListener[]> {
    if (ports !== undefined && ports.length === 0) return [];
    const wanted = ports === undefined ? null : new Set(ports);
    const sockets = this.listenSockets().filter((socket) => wanted === null || wanted.has(socket.port));
    const owners = await findSocketOwners(new Set(sockets.map((socket) => socket.inode).filter((inode) => inode > 0)), {
      procRoot: this.procRoot,
    });

    const infos = new Map<number, ProcessInfo | null>();
    const infoOf = (pid: number): ProcessInfo | null => {
      if (!infos.has(pid)) infos.set(pid, this.table.info(pid));
      return infos.get(pid) ?? null;
    };
    const stackctlOwners = new Map<number, StackctlOwner | null>();
    const stackctlOf = (info: ProcessInfo): StackctlOwner | null => {
      if (!stackctlOwners.has(info.pid)) stackctlOwners.set(info.pid, readStackctlOwner(info.pid, info.cwd, { procRoot: this.procRoot }));
      return stackctlOwners.get(info.pid) ?? null;
    };
    return sockets
      .map((socket): PortListener => {
        const pid = owners.get(socket.inode) ?? null;
        const info = pid === null ? null : infoOf(pid);
        const base = { port: socket.port, address: socket.address, family: socket.family, pid, inode: socket.inode };
        if (info === null) return base;
        const stackctl = stackctlOf(info);
        return { ...base, command: info.command, cwd: info.cwd, startedAt: info.startedAt, ...(stackctl === null ? {} : { stackctl }) };
      })
      .sort(compareListeners);
  }

  private listenSockets(): ProcListenSocket[] {
    return [
      ...parseProcNetTcp(readProcNetListeners(join(this.procRoot, 'net', 'tcp')), 4, this.littleEndian),
      ...parseProcNetTcp(readProcNetListeners(join(this.procRoot, 'net', 'tcp6')), 6, this.littleEndian),
    ];
  }
}
