// A tiny router on plain data: method + path patterns with `:params`, query parsing, lazy JSON body, middleware, one onError.
import { StackctlError } from '../errors/index.js';
import type { ApiResponse } from './api-response.js';
import { HttpError } from './http-error.js';
import { MAX_BODY_BYTES, readJsonBody } from './request-body.js';

/** What the router needs of a request: node's IncomingMessage fits, and so does a plain object in tests. */
export interface ApiRequest {
  readonly method: string;
  /** Path and query, as in the request line: `/api/services?x=1`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: AsyncIterable<Uint8Array | string> | undefined;
  /** Aborts when the client goes away or the server closes; defaults to a signal that never aborts. */
  readonly signal?: AbortSignal;
}

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly signal: AbortSignal;
  /** The parsed JSON body (undefined when empty); read on first call, at most MAX_BODY_BYTES. */
  json(): Promise<unknown>;
}

export type Handler = (ctx: RequestContext) => Promise<ApiResponse>;
/** Runs around the matched handler: call `next()` to go on, or answer (or throw) to stop. */
export type Middleware = (ctx: RequestContext, next: () => Promise<ApiResponse>) => Promise<ApiResponse>;

export interface RouterOptions {
  /** Turns anything a handler throws into an answer (see on-error.ts). */
  readonly onError: (error: unknown) => ApiResponse;
  readonly bodyLimit?: number;
}

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

const NEVER = new AbortController().signal;

export class Router {
  readonly #routes: Route[] = [];
  readonly #middleware: Middleware[] = [];
  readonly #options: RouterOptions;

  constructor(options: RouterOptions) {
    this.#options = options;
  }

  use(middleware: Middleware): this {
    this.#middleware.push(middleware);
    return this;
  }

  on(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler);
  }

  /** Answers a request; never throws (errors go through `onError`). */
  async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.#dispatch(request);
    } catch (error) {
      return this.#options.onError(error);
    }
  }

  async #dispatch(request: ApiRequest): Promise<ApiResponse> {
    const queryAt = request.url.indexOf('?');
    const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
    const query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1));
    const method = request.method.toUpperCase();
    const segments = splitPath(path);
    const allowed = new Set<string>();
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      if (route.method !== method) {
        allowed.add(route.method);
        continue;
      }
      const ctx = createContext(request, { method, path, params, query }, this.#options.bodyLimit ?? MAX_BODY_BYTES);
      return this.#run(ctx, route.handler);
    }
    if (allowed.size > 0) {
      throw new HttpError('E_METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`, {
        headers: { allow: [...allowed].join(', ') },
      });
    }
    throw new HttpError('E_NOT_FOUND', `no route for ${method} ${path}`);
  }

  #run(ctx: RequestContext, handler: Handler): Promise<ApiResponse> {
    const step = (index: number): Promise<ApiResponse> => {
      const middleware = this.#middleware[index];
      return middleware === undefined ? handler(ctx) : middleware(ctx, () => step(index + 1));
    };
    return step(0);
  }
}

function createContext(
  request: ApiRequest,
  parts: Pick<RequestContext, 'method' | 'path' | 'params' | 'query'>,
  bodyLimit: number,
): RequestContext {
  const headers = request.headers ?? {};
  let body: Promise<unknown> | undefined;
  return {
    ...parts,
    headers,
    signal: request.signal ?? NEVER,
    json: () => (body ??= readJsonBody({ headers, body: request.body }, bodyLimit)),
  };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The params when `pattern` matches `segments` exactly, else undefined. */
function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeSegment(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new StackctlError('E_USAGE', `malformed path segment "${segment}"`, { cause: error });
  }
}
