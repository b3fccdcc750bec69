// The router's answer: a status, headers and a JSON value, a stream of text chunks, or nothing.

export type ApiBody =
  | { readonly kind: 'json'; readonly value: unknown }
  /** Chunks written as they come (chunked encoding); `signal` aborts when the client leaves or the server closes. */
  | { readonly kind: 'stream'; readonly chunks: (signal: AbortSignal) => AsyncIterable<string> }
  | { readonly kind: 'empty' };

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ApiBody;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: { kind: 'json', value } };
}

/** One JSON value a line, streamed: each item of `items(signal)` becomes `JSON.stringify(item) + "\n"`. */
export function ndjsonResponse<T>(items: (signal: AbortSignal) => AsyncIterable<T>, status = 200): ApiResponse {
  async function* chunks(signal: AbortSignal): AsyncIterable<string> {
    for await (const item of items(signal)) yield `${JSON.stringify(item)}\n`;
  }
  return {
    status,
    headers: { 'content-type': NDJSON_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: { kind: 'stream', chunks },
  };
}

/** The JSON value of a response (undefined for a stream or an empty body): handy for callers and tests. */
export function jsonBodyOf(response: ApiResponse): unknown {
  return response.body.kind === 'json' ? response.body.value : undefined;
}
