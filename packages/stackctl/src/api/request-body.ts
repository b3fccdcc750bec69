// Reads a request's JSON body, refusing more than the size limit (413) and anything but application/json (415).
import { StackctlError } from '../errors/index.js';
import { HttpError } from './http-error.js';

/** 1 MB: far more than any command body needs, small enough that a runaway client cannot fill memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface BodySource {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: AsyncIterable<Uint8Array | string> | undefined;
}

/** The parsed body, or undefined when there is none. */
export async function readJsonBody(source: BodySource, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(headerValue(source.headers['content-length']) ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const text = await readText(source.body, limit);
  if (text.trim() === '') return undefined;
  const type = headerValue(source.headers['content-type']) ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new HttpError('E_UNSUPPORTED_MEDIA_TYPE', `request body must be application/json, not "${type || 'unspecified'}"`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StackctlError('E_USAGE', 'request body is not valid JSON', { cause: error });
  }
}

async function readText(body: BodySource['body'], limit: number): Promise<string> {
  if (body === undefined) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  // Iterated by hand: `for await` would destroy a node request on the early exit, and with it the socket the 413 must go out on.
  const iterator = body[Symbol.asyncIterator]();
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    const chunk = next.value;
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += buffer.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(limit: number): HttpError {
  return new HttpError('E_PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`, { headers: { connection: 'close' } });
}

function headerValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
