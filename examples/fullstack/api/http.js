// HTTP helpers: one error type carrying a status, JSON responses and a size-limited JSON body reader.
const MAX_BODY_BYTES = 16 * 1024;

/** An error that maps to an HTTP response: `{ "error": message }` with `status` and optional extra headers. */
export class HttpError extends Error {
  constructor(status, message, { headers = {}, cause } = {}) {
    super(message, { cause });
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

/** Sends `body` as JSON; a `null` body sends no content (for 204). */
export function sendJson(res, status, body, headers = {}) {
  if (body === null) {
    res.writeHead(status, headers).end();
    return;
  }
  const payload = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
      ...headers,
    })
    .end(payload);
}

/** Reads and parses a JSON request body; throws 413 when too large and 400 when not a JSON object. */
export async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (cause) {
    throw new HttpError(400, 'request body is not valid JSON', { cause });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object');
  }
  return body;
}
