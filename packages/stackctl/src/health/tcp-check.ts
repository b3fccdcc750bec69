// TCP health check: healthy when a connection to host:port is accepted.
import net from 'node:net';
import type { HealthCheckSpec } from '../config/types.js';
import { errorDetail, type HealthChecker, type HealthResult } from './health-checker.js';
import { abortDetail } from './http-check.js';

type TcpSpec = Extract<HealthCheckSpec, { kind: 'tcp' }>;

export function createTcpChecker(): HealthChecker<TcpSpec> {
  return {
    check(spec, { signal }) {
      return new Promise<HealthResult>((resolve) => {
        const target = `${spec.host}:${spec.port}`;
        if (signal.aborted) {
          resolve({ ok: false, detail: abortDetail(signal) });
          return;
        }
        const socket = net.connect({ host: spec.host, port: spec.port });
        const settle = (result: HealthResult): void => {
          signal.removeEventListener('abort', onAbort);
          socket.destroy();
          resolve(result);
        };
        const onAbort = (): void => settle({ ok: false, detail: abortDetail(signal) });
        signal.addEventListener('abort', onAbort, { once: true });
        socket.once('connect', () => settle({ ok: true, detail: `connected to ${target}` }));
        socket.once('error', (error) => settle({ ok: false, detail: errorDetail(error) }));
      });
    },
  };
}
