// The CLI's side of the API: typed calls over the project's Unix socket; every failure becomes a StackctlError.
import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, StackctlError, type ErrorCode } from '../errors/index.js';
import { LineSplitter } from '../supervisor/line-splitter.js';
import type { EngineEvent, OutputLine } from '../supervisor/types.js';
import type { EventsJson, HealthJson, PortConflictJson, ServiceActionJson, ServicesActionJson, ServiceStatusJson, StatusJson } from './api-json.js';
import type { EventQuery } from './event-buffer.js';
import { HTTP_ERROR_CODES, isHttpErrorCode } from './http-error.js';

export interface ApiClientOptions {
  /** For reads: how long the host may stay silent. Default 10 s. */
  readonly timeoutMs?: number;
  /** For start/stop/restart, which wait for services to be up or gone. Default 5 min. */
  readonly actionTimeoutMs?: number;
}

export interface LogsQuery {
  readonly lines?: number;
  readonly since?: number;
  /** Keep the iterable open for new lines until `signal` aborts or the loop breaks. */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  readonly socketPath: string;
  health(): Promise<HealthJson>;
  services(): Promise<StatusJson>;
  service(name: string): Promise<ServiceStatusJson>;
  /**
   * Empty or omitted `names` means every service. `portConflict`: what to do when a declared port
   * is held by a process stackctl did not start (default `fail`: the outcome names the holder).
   */
  start(names?: readonly string[], options?: { readonly portConflict?: PortConflictJson; readonly forceColor?: boolean }): Promise<ServicesActionJson>;
  stop(names?: readonly string[]): Promise<ServicesActionJson>;
  restart(names?: readonly string[], options?: { readonly withDependents?: boolean; readonly forceColor?: boolean }): Promise<ServicesActionJson>;
  /** Starts what `name` depends on (not `name`) and answers once each met `name`'s condition on it, or failed. */
  startDependencies(name: string): Promise<ServicesActionJson>;
  /** Makes the live process `pid`, running in this terminal, service `name`'s run (see EngineHandle.track). */
  track(name: string, pid: number): Promise<ServiceActionJson>;
  events(query?: EventQuery): Promise<readonly EngineEvent[]>;
  config(): Promise<unknown>;
  /** Log lines, oldest first; with `follow` it ends only when told to (abort or break). */
  logs(name: string, query?: LogsQuery): AsyncIterable<OutputLine>;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

export function createApiClient(socketPath: string, options: ApiClientOptions = {}): ApiClient {
  const { timeoutMs = 10_000, actionTimeoutMs = 300_000 } = options;
  const get = <T>(path: string): Promise<T> => requestJson<T>(socketPath, { method: 'GET', path, timeoutMs });
  const post = <T>(path: string, body: unknown): Promise<T> =>
    requestJson<T>(socketPath, { method: 'POST', path, body, timeoutMs: actionTimeoutMs });

  return {
    socketPath,
    health: () => get('/healthz'),
    services: () => get('/api/services'),
    service: (name) => get(`/api/services/${encodeURIComponent(name)}`),
    start: (names = [], { portConflict, forceColor } = {}) =>
      post('/api/services/start', {
        services: names,
        ...(portConflict === undefined ? {} : { port_conflict: portConflict }),
        ...(forceColor === true ? { force_color: true } : {}),
      }),
    stop: (names = []) => post('/api/services/stop', { services: names }),
    restart: (names = [], { withDependents = false, forceColor } = {}) =>
      post('/api/services/restart', { services: names, with_dependents: withDependents, ...(forceColor === true ? { force_color: true } : {}) }),
    startDependencies: (name) => post(`/api/services/${encodeURIComponent(name)}/start-dependencies`, {}),
    track: (name, pid) => post(`/api/services/${encodeURIComponent(name)}/track`, { pid, attached: true }),
    events: async (query = {}) => (await get<EventsJson>(`/api/events${queryString({ ...query })}`)).events,
    config: () => get('/api/config'),
    logs: (name, query = {}) => {
      const search = queryString({ lines: query.lines, since: query.since, follow: query.follow === true ? 1 : undefined });
      return readLines(socketPath, { method: 'GET', path: `/api/services/${encodeURIComponent(name)}/logs${search}`, timeoutMs, signal: query.signal });
    },
  };
}

async function requestJson<T>(socketPath: string, call: Call): Promise<T> {
  const res = await open(socketPath, call);
  const text = await readAll(res, socketPath);
  const body = parseJson(text, res.statusCode ?? 0);
  if ((res.statusCode ?? 500) >= 400) throw answerError(res.statusCode ?? 500, body);
  return body as T;
}

async function* readLines(socketPath: string, call: Call): AsyncGenerator<OutputLine> {
  let res: IncomingMessage;
  try {
    res = await open(socketPath, call, { streaming: true });
  } catch (error) {
    if (call.signal?.aborted === true) return;
    throw error;
  }
  if ((res.statusCode ?? 500) >= 400) throw answerError(res.statusCode ?? 500, parseJson(await readAll(res, socketPath), res.statusCode ?? 0));
  res.setEncoding('utf8');
  let ready: string[] = [];
  const splitter = new LineSplitter((line) => ready.push(line));
  try {
    for await (const chunk of res as AsyncIterable<string>) {
      splitter.push(chunk);
      const lines = ready;
      ready = [];
      for (const line of lines) if (line.trim() !== '') yield parseJson(line, 200) as OutputLine;
    }
  } catch (error) {
    if (call.signal?.aborted === true) return;
    throw connectionError(error, socketPath);
  } finally {
    res.destroy();
  }
  splitter.flush();
  for (const line of ready) if (line.trim() !== '') yield parseJson(line, 200) as OutputLine;
}

/** Sends the request; resolves with the response once its headers arrived. */
function open(socketPath: string, call: Call, { streaming = false } = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const req = http.request({
      socketPath,
      method: call.method,
      path: call.path,
      agent: false,
      signal: call.signal,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    req.setTimeout(call.timeoutMs, () => {
      req.destroy(
        new StackctlError('E_DAEMON_UNREACHABLE', `the stackctl serving ${socketPath} did not answer within ${call.timeoutMs}ms`, {
          hint: 'it may be busy or hung: check `.stackctl/logs/stackctl.log`',
        }),
      );
    });
    req.once('error', (error) => reject(connectionError(error, socketPath)));
    req.once('response', (res) => {
      if (streaming) req.setTimeout(0);
      resolve(res);
    });
    req.end(payload);
  });
}

async function readAll(res: IncomingMessage, socketPath: string): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    throw connectionError(error, socketPath);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string, status: number): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch (error) {
    throw new StackctlError('E_INTERNAL', `the stackctl API answered HTTP ${status} with something that is not JSON`, { cause: error });
  }
}

/** The server's `{ error: { code, message, hint? } }` as a StackctlError; HTTP-only codes fold into E_USAGE / E_INTERNAL. */
function answerError(status: number, body: unknown): StackctlError {
  const error = (body as { error?: { code?: unknown; message?: unknown; hint?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'E_INTERNAL';
  const message = typeof error?.message === 'string' ? error.message : `the stackctl API answered HTTP ${status}`;
  const hint = typeof error?.hint === 'string' ? error.hint : undefined;
  if (Object.hasOwn(ERROR_CODES, code)) return new StackctlError(code as ErrorCode, message, { hint });
  const clientSide = isHttpErrorCode(code) && HTTP_ERROR_CODES[code] < 500 && code !== 'E_NOT_FOUND';
  return new StackctlError(clientSide ? 'E_USAGE' : 'E_INTERNAL', `${message} [${code}, HTTP ${status}]`, {
    hint: hint ?? (code === 'E_NOT_FOUND' ? 'the stackctl serving this project may be another version: restart it' : undefined),
  });
}

function connectionError(error: unknown, socketPath: string): StackctlError {
  if (error instanceof StackctlError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new StackctlError('E_DAEMON_UNREACHABLE', `no stackctl is serving this project (nothing answers on ${socketPath})`, {
      cause: error,
      hint: 'start the stack with `stackctl up` first',
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new StackctlError('E_DAEMON_UNREACHABLE', `not allowed to connect to ${socketPath}`, {
      cause: error,
      hint: 'the stack was started by another user: run stackctl as that user',
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StackctlError('E_DAEMON_UNREACHABLE', `lost the connection to the stackctl serving ${socketPath}: ${reason}`, { cause: error });
}

function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
