// HTTP health check: a GET, sent as a browser or curl would, that counts 2xx/3xx (or the expected statuses) as healthy; redirects are not followed.
import http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import type * as Tls from 'node:tls';
import type { HealthCheckSpec } from '../config/types.js';
import { deferredCaOptions } from '../system/extra-ca-certs.js';
import { packageVersion } from '../system/package-version.js';
import { errorDetail, type HealthChecker, type HealthResult } from './health-checker.js';

type HttpSpec = Extract<HealthCheckSpec, { kind: 'http' }>;

interface HttpsClient {
  readonly get: typeof Https.get;
  /** The deferred NODE_EXTRA_CA_CERTS, if this process was started without it (see extra-ca-certs.ts). */
  readonly trust: Pick<Tls.SecureContextOptions, 'ca'>;
}

/** node:https (and the TLS stack under it) loads on the first https check: most local checks are plain http, and the daemon stays smaller. */
let httpsClient: HttpsClient | undefined;
function https(): HttpsClient {
  if (httpsClient === undefined) {
    const require = createRequire(import.meta.url);
    const { get } = require('node:https') as typeof Https;
    const { rootCertificates } = require('node:tls') as typeof Tls;
    httpsClient = { get, trust: deferredCaOptions(rootCertificates) };
  }
  return httpsClient;
}

export function isHealthyStatus(status: number, expectStatus: readonly number[]): boolean {
  return expectStatus.length === 0 ? status >= 200 && status < 400 : expectStatus.includes(status);
}

/**
 * The headers of every check: any media type accepted, as curl sends, since some dev servers
 * (Vite's) answer 404 to a request without an Accept header (they route by what the client accepts).
 */
export function probeHeaders(): Record<string, string> {
  return { accept: '*/*', 'user-agent': `stackctl/${packageVersion()}` };
}

export function createHttpChecker(): HealthChecker<HttpSpec> {
  return {
    check(spec, { signal }) {
      return new Promise<HealthResult>((resolve) => {
        let url: URL;
        try {
          url = new URL(spec.url);
        } catch (error) {
          resolve({ ok: false, detail: `invalid URL ${spec.url}: ${errorDetail(error)}` });
          return;
        }
        const client = url.protocol === 'https:' ? https() : { get: http.get, trust: {} };
        // agent: false — a fresh connection each time, so a check never rides on a stale keep-alive socket.
        const options = { agent: false, signal, headers: probeHeaders(), ...client.trust };
        const request = client.get(url, options, (response) => {
          const status = response.statusCode ?? 0;
          response.resume();
          request.destroy();
          resolve({ ok: isHealthyStatus(status, spec.expectStatus), detail: `HTTP ${status}` });
        });
        request.once('error', (error) => {
          resolve({ ok: false, detail: signal.aborted ? abortDetail(signal) : errorDetail(error) });
        });
      });
    },
  };
}

/** The abort reason's message (the monitor aborts with `timed out after 1000ms`). */
export function abortDetail(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
}
