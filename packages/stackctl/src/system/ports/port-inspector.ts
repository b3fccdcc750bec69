// The port seam: which processes listen on which TCP ports.
import type { StackctlOwner } from '../stackctl-owner.js';

/** One listening TCP socket and, where the OS lets us see it, the process holding it. */
export interface PortListener {
  readonly port: number;
  /** The bound address as text: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, `::ffff:127.0.0.1`, … */
  readonly address: string;
  readonly family: 4 | 6;
  /** The owning process; null when it is not visible (another user's process, another namespace). */
  readonly pid: number | null;
  /** The socket's inode (Linux only). */
  readonly inode?: number;
  /** The owner's command line (or name, where that is all the OS gives). */
  readonly command?: string;
  readonly cwd?: string | null;
  /** The owner's start time in epoch milliseconds. */
  readonly startedAt?: number | null;
  /** The owner is a service of a stackctl project (its environment says which); absent when not, or not known. */
  readonly stackctl?: StackctlOwner;
}

export interface PortInspector {
  /**
   * The TCP listeners on `ports` (all listeners when omitted), one entry per socket and owner,
   * ordered by port, then family, then address.
   */
  listeners(ports?: readonly number[]): Promise<PortListener[]>;
}

/** Orders listeners by port, family and address, as every inspector returns them. */
export function compareListeners(a: PortListener, b: PortListener): number {
  return a.port - b.port || a.family - b.family || a.address.localeCompare(b.address) || (a.pid ?? 0) - (b.pid ?? 0);
}
