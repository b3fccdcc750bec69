// `POST /api/services/[:name/]start|stop|restart`: drive the engine, answer the new status (and the start outcome).
import { StackctlError } from '../../errors/index.js';
import type { StartOutcome } from '../../supervisor/engine-handle.js';
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import { SERVICE_ACTIONS, type ServiceAction, type ServiceActionJson, type ServicesActionJson } from '../api-json.js';
import { HttpError } from '../http-error.js';
import type { RequestContext, Router } from '../router.js';
import { assertServicesKnown, findService } from '../service-lookup.js';
import { toServiceJson, toStatusJson } from '../status-json.js';

interface ActionBody {
  /** Empty means every service. */
  readonly services: readonly string[];
  readonly withDependents: boolean;
}

export function serviceActionRoutes(router: Router, host: ApiHost): void {
  const now = (): number => host.now?.() ?? Date.now();

  for (const action of SERVICE_ACTIONS) {
    router.post(`/api/services/${action}`, async (ctx) => {
      const body = await readActionBody(ctx, action, true);
      assertServicesKnown(host.engine, body.services);
      const outcome = await perform(host, action, body);
      const wanted = new Set(body.services);
      const statuses = host.engine.status().filter((status) => wanted.size === 0 || wanted.has(status.name));
      const answer: ServicesActionJson = { services: toStatusJson(statuses, now(), host.metrics), ...withOutcome(outcome) };
      return jsonResponse(answer);
    });

    router.post(`/api/services/:name/${action}`, async (ctx) => {
      const name = ctx.params['name'] ?? '';
      findService(host.engine, name);
      const body = await readActionBody(ctx, action, false);
      const outcome = await perform(host, action, { ...body, services: [name] });
      const answer: ServiceActionJson = {
        service: toServiceJson(findService(host.engine, name), now(), host.metrics),
        ...withOutcome(outcome),
      };
      return jsonResponse(answer);
    });
  }
}

async function perform(host: ApiHost, action: ServiceAction, body: ActionBody): Promise<StartOutcome | undefined> {
  switch (action) {
    case 'start':
      return host.engine.start(body.services);
    case 'stop':
      await host.engine.stop(body.services);
      return undefined;
    case 'restart':
      if (host.restart !== undefined) return host.restart(body.services, { withDependents: body.withDependents });
      if (body.withDependents) throw new HttpError('E_NOT_IMPLEMENTED', 'this stackctl host cannot restart with dependents');
      return host.engine.restart(body.services);
  }
}

function withOutcome(outcome: StartOutcome | undefined): { outcome?: StartOutcome } {
  return outcome === undefined ? {} : { outcome };
}

/** `{ "services": [...], "with_dependents": true }`, every key optional; unknown keys are ignored. */
async function readActionBody(ctx: RequestContext, action: ServiceAction, allowList: boolean): Promise<ActionBody> {
  const raw = await ctx.json();
  if (raw === undefined || raw === null) return { services: [], withDependents: false };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw usage('request body must be a JSON object');
  const body = raw as Record<string, unknown>;
  const services = body['services'] ?? [];
  if (!allowList && body['services'] !== undefined) throw usage('"services" belongs to POST /api/services/<action>, not to one service');
  if (!Array.isArray(services) || !services.every((name): name is string => typeof name === 'string')) {
    throw usage('"services" must be a list of service names');
  }
  const withDependents = body['with_dependents'] ?? false;
  if (typeof withDependents !== 'boolean') throw usage('"with_dependents" must be true or false');
  if (withDependents && action !== 'restart') throw usage('"with_dependents" applies to restart only');
  return { services: [...new Set(services)], withDependents };
}

function usage(message: string): StackctlError {
  return new StackctlError('E_USAGE', message);
}
