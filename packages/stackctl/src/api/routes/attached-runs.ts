// `POST /api/services/:name/start-dependencies` and `/track`: how `stackctl run` has a service run in its own terminal, supervised.
import { StackctlError } from '../../errors/index.js';
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import type { ServiceActionJson, ServicesActionJson } from '../api-json.js';
import { currentStatuses } from '../external-status.js';
import type { RequestContext, Router } from '../router.js';
import { findService } from '../service-lookup.js';
import { toExternalJson, toServiceJson, toStatusJson } from '../status-json.js';

export function attachedRunRoutes(router: Router, host: ApiHost): void {
  const now = (): number => host.now?.() ?? Date.now();

  /** Starts what the service depends on (not the service) and answers once each met the service's condition on it. */
  router.post('/api/services/:name/start-dependencies', async (ctx) => {
    const name = ctx.params['name'] ?? '';
    findService(host.engine, name);
    const body = await objectBody(ctx);
    const forceColor = body['force_color'] ?? false;
    if (typeof forceColor !== 'boolean') throw usage('"force_color" must be true or false');
    const outcome = await host.engine.startDependencies(name, forceColor ? { forceColor } : {});
    const involved = new Set([...outcome.started, ...outcome.failed.map((failure) => failure.name)]);
    const statuses = (await currentStatuses(host)).filter((status) => involved.has(status.name));
    const answer: ServicesActionJson = {
      services: toStatusJson(statuses, now(), host.metrics, host.logLoss),
      outcome: {
        started: outcome.started,
        failed: outcome.failed.map(({ name: failed, reason, code, holder }) => ({
          name: failed,
          reason,
          ...(code === undefined ? {} : { code }),
          ...(holder === undefined ? {} : { holder: toExternalJson(holder) }),
        })),
      },
    };
    return jsonResponse(answer);
  });

  /** `{ "pid": 1234, "attached": true }`: that live process, started in a user's terminal, becomes the service's run. */
  router.post('/api/services/:name/track', async (ctx) => {
    const name = ctx.params['name'] ?? '';
    findService(host.engine, name);
    const body = await objectBody(ctx);
    const pid = body['pid'];
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 1) throw usage('"pid" must be a process id (an integer above 1)');
    if (body['attached'] !== true) throw usage('"attached" must be true: only processes running in a terminal can be tracked');
    const status = await host.engine.track(name, pid, { attached: true });
    const answer: ServiceActionJson = { service: toServiceJson(status, now(), host.metrics, host.logLoss) };
    return jsonResponse(answer);
  });
}

async function objectBody(ctx: RequestContext): Promise<Record<string, unknown>> {
  const raw = await ctx.json();
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw usage('request body must be a JSON object');
  return raw as Record<string, unknown>;
}

function usage(message: string): StackctlError {
  return new StackctlError('E_USAGE', message);
}
