// One log file line per output line: `<ISO-8601 UTC timestamp with ms> <out|err> <text>\n`.
import type { OutputLine } from '../supervisor/types.js';
import { STREAM_TAGS, TimestampPrefixCache } from './timestamp-prefix-cache.js';

/**
 * `2026-11-26T19:32:38.123Z out listening on 4000`. The text follows the single space after the
 * stream as it is (ANSI colours and a `\r` kept), so any text round-trips; an empty text leaves a
 * trailing space. The timestamp has a fixed width for years 0000–9999.
 */
const LINE_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (out|err)(?: |$)/;

const oneShot = new TimestampPrefixCache();

/**
 * The line as stored, newline included. An output line never holds a `\n` (the supervisor splits
 * on it); should one arrive anyway, each part becomes a record of its own with the same time and
 * stream, so the file stays one record per line.
 */
export function formatLogLine(line: OutputLine): string {
  const prefix = oneShot.prefix(line.time, line.stream);
  if (!line.line.includes('\n')) return `${prefix}${line.line}\n`;
  return line.line
    .split('\n')
    .map((part) => `${prefix}${part}\n`)
    .join('');
}

/**
 * Reads one stored line back (a final `\n`, if given, is ignored). Returns null for anything that
 * is not a record (a truncated line, text written by something else), so a reader can skip it.
 */
export function parseLogLine(text: string, service: string): OutputLine | null {
  const record = text.endsWith('\n') ? text.slice(0, -1) : text;
  const match = LINE_PREFIX.exec(record);
  if (match === null || match[1] === undefined) return null;
  const time = Date.parse(match[1]);
  if (Number.isNaN(time)) return null;
  return {
    service,
    stream: match[2] === STREAM_TAGS.stderr ? 'stderr' : 'stdout',
    line: record.slice(match[0].length),
    time,
  };
}
