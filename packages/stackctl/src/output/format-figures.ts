// Figures as stackctl shows them: uptime `1h 3m`, memory `48.2 MB`, cpu `0.4%`, file sizes `1.5 GB`, and `-` where unknown.

export const UNKNOWN = '-';

/** `45s`, `2m 5s`, `1h 3m`, `3d 4h`: the two largest units, seconds dropped from an hour on. */
export function formatUptime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return UNKNOWN;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

const MEMORY_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units like `ps` and `docker stats`: 48234496 → `48.2 MB`, 512 → `512 B`. */
export function formatMemory(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return UNKNOWN;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < MEMORY_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const text = unit === 0 ? String(Math.round(value)) : value >= 100 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${MEMORY_UNITS[unit]}`;
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * 1024-based sizes. `short` (a verdict on a disk): one decimal below 10 only, `.0` dropped: `512 B`, `1.5 GB`, `812 MB`,
 * `1 GB`. `fixed` (the size of a file just written): always one decimal past bytes: `512 B`, `1.2 KB`, `20.0 KB`.
 */
export function formatBytes(bytes: number, style: 'short' | 'fixed' = 'short'): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (style === 'fixed') return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${SIZE_UNITS[unit]}`;
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${SIZE_UNITS[unit]}`;
}

/** One decimal: `0.4%`, `112.0%` (more than one core). */
export function formatCpu(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent) || percent < 0) return UNKNOWN;
  return `${percent.toFixed(1)}%`;
}
