// One record of the tool's own log as a JSON line, in pino's shape: level number, ISO time, pid, the fields, msg.

/** pino's level numbers, so the file reads the same as before (and with pino's tools). */
export const LEVEL_NUMBERS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

export type LogLevelName = keyof typeof LEVEL_NUMBERS;

/** The keys every record starts with; a field of the same name is left out rather than written twice. */
const RESERVED = new Set(['level', 'time', 'pid', 'msg']);

/**
 * `{"level":30,"time":"…","pid":1,…fields,"msg":"…"}` and a newline. Errors anywhere in the fields
 * become `{ type, message, stack, …own fields }` (the stack followed by its `caused by:` chain),
 * a value met again inside itself becomes `"[Circular]"`, and a bigint its decimal string.
 */
export function formatLogRecord(level: LogLevelName, fields: Readonly<Record<string, unknown>>, message: string, pid: number, time: Date): string {
  const record: Record<string, unknown> = { level: LEVEL_NUMBERS[level], time: time.toISOString(), pid };
  for (const [key, value] of Object.entries(fields)) if (!RESERVED.has(key)) record[key] = value;
  record.msg = message;
  return `${JSON.stringify(record, safeReplacer())}\n`;
}

/**
 * A replacer that serialises errors and bigints and breaks cycles. It keeps the objects on the path
 * from the root to the value at hand: each as met and as written (an error is written as a new object).
 */
function safeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const path: { readonly met: object; readonly written: object }[] = [];
  return function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` is the object holding `value` (as written): unwind the path to it.
    while (path.length > 0 && path[path.length - 1]?.written !== this) path.pop();
    if (path.some((entry) => entry.met === value)) return '[Circular]';
    const written = value instanceof Error ? errorJson(value) : value;
    path.push({ met: value, written });
    return written;
  };
}

/** What pino's standard `err` serializer keeps of an error. */
function errorJson(error: Error): Record<string, unknown> {
  const json: Record<string, unknown> = { type: error.constructor.name, message: error.message, stack: stackWithCauses(error) };
  for (const [key, value] of Object.entries(error)) if (!(key in json) && key !== 'cause') json[key] = value;
  return json;
}

function stackWithCauses(error: Error): string {
  let text = error.stack ?? `${error.name}: ${error.message}`;
  const seen = new Set<unknown>([error]);
  for (let cause: unknown = error.cause; cause !== undefined && cause !== null && !seen.has(cause); ) {
    seen.add(cause);
    text += `\ncaused by: ${cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause)}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return text;
}
