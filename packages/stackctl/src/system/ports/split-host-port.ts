// Pure split of `host:port` text as lsof and netstat print it: `*:80`, `127.0.0.1:80`, `[::1]:80`.

export interface HostPort {
  /** The host without brackets; `*` for a wildcard. */
  readonly host: string;
  readonly port: number;
  /** 6 when the host was bracketed or contains a colon, else 4. */
  readonly family: 4 | 6;
}

/** Splits at the last colon; null when there is no numeric port (for example `*:*`). */
export function splitHostPort(text: string): HostPort | null {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return null;
  const portText = text.slice(colon + 1);
  if (!/^\d+$/.test(portText)) return null;
  let host = text.slice(0, colon);
  const bracketed = host.startsWith('[') && host.endsWith(']');
  if (bracketed) host = host.slice(1, -1);
  const family = bracketed || host.includes(':') ? 6 : 4;
  return { host: host.toLowerCase(), port: Number(portText), family };
}

/** The wildcard address of a family in the text form the Linux inspector uses. */
export function wildcardAddress(family: 4 | 6): string {
  return family === 4 ? '0.0.0.0' : '::';
}
