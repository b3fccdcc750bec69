// Pure parser for Linux /proc/net/tcp and /proc/net/tcp6: the sockets in state LISTEN.
import { formatIpv4, formatIpv6 } from './format-ip-address.js';

/** A listening socket as /proc/net/tcp* describes it. */
export interface ProcListenSocket {
  readonly port: number;
  readonly address: string;
  readonly family: 4 | 6;
  readonly inode: number;
}

const LISTEN = '0A';

/**
 * Parses the table of `/proc/net/tcp` (family 4) or `/proc/net/tcp6` (family 6), keeping the
 * LISTEN rows. The address is hex in host byte order per 32-bit word (little-endian on x86 and
 * arm); the port is hex big-endian. `littleEndian` describes the host (`os.endianness()`).
 */
export function parseProcNetTcp(text: string, family: 4 | 6, littleEndian = true): ProcListenSocket[] {
  const sockets: ProcListenSocket[] = [];
  for (const line of text.split('\n')) {
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode …
    const cols = line.trim().split(/\s+/);
    const [local, state, inodeText] = [cols[1], cols[3], cols[9]];
    if (state !== LISTEN || local === undefined || inodeText === undefined) continue;
    const [addressHex, portHex] = local.split(':');
    if (addressHex === undefined || portHex === undefined) continue;
    const bytes = hexAddressBytes(addressHex, littleEndian);
    const port = Number.parseInt(portHex, 16);
    const inode = Number(inodeText);
    if (bytes === null || bytes.length !== (family === 4 ? 4 : 16) || !Number.isFinite(port)) continue;
    if (!Number.isSafeInteger(inode)) continue;
    const address = family === 4 ? formatIpv4(bytes) : formatIpv6(bytes);
    sockets.push({ port, address, family, inode });
  }
  return sockets;
}

/** The address bytes in network order from the kernel's per-32-bit-word host-order hex. */
function hexAddressBytes(hex: string, littleEndian: boolean): number[] | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length % 8 !== 0) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes: number[] = [];
    for (let i = 0; i < 8; i += 2) wordBytes.push(Number.parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes));
  }
  return bytes;
}
