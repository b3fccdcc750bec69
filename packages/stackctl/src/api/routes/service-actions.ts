// `POST /api/services/[:name/]start|stop|restart`: drive the engine, answer the new status (and the start outcome).
import { StackctlError } from '../../errors/index.js';
import type { PortConflictMode, StartOutcome } from '../../supervisor/engine-handle.js';
import { PORT_CONFLICT_MODES } from '../../supervisor/port-preflight.js';
import type { ExitRecord, ServiceStatus } from '../../supervisor/types.js';
import { jsonResponse } from '../api-response.js';
import type { ApiHost } from '../api-host.js';
import {
  SERVICE_ACTIONS,
  type ServiceAction,
  type ServiceActionJson,
  type ServicesActionJson,
  type StartOutcomeJson,
  type StopReportJson,
} from '../api-json.js';
import { currentStatuses } from '../external-status.js';
import { HttpError } from '../http-error.js';
import type { RequestContext, Router } from '../router.js';
import { assertServicesKnown, findService } from '../service-lookup.js';
import { toExternalJson, toServiceJson, toStatusJson } from '../status-json.js';

interface ActionBody {
  /** Empty means every service. */
  readonly services: readonly string[];
  readonly withDependents: boolean;
  /** Start only: what to do about a declared port held by a process stackctl did not start. */
  readonly portConflict: PortConflictMode;
  /** Start and restart: the processes spawned get FORCE_COLOR=1 (their output is shown in terminals). */
  readonly forceColor: boolean;
}

export function serviceActionRoutes(router: Router, host: ApiHost): void {
  const now = (): number => host.now?.() ?? Date.now();

  for (const action of SERVICE_ACTIONS) {
    router.post(`/api/services/${action}`, async (ctx) => {
      const body = await readActionBody(ctx, action, true);
      assertServicesKnown(host.engine, body.services);
      const since = now();
      const outcome = await perform(host, action, body);
      const wanted = new Set(body.services);
      const statuses = (await currentStatuses(host)).filter((status) => wanted.size === 0 || wanted.has(status.name));
      const answer: ServicesActionJson = {
        services: toStatusJson(statuses, now(), host.metrics, host.logLoss),
        ...withOutcome(outcome),
        ...(action === 'stop' ? { stopped: stopReports(statuses, since) } : {}),
      };
      return jsonResponse(answer);
    });

    router.post(`/api/services/:name/${action}`, async (ctx) => {
      const name = ctx.params['name'] ?? '';
      findService(host.engine, name);
      const body = await readActionBody(ctx, action, false);
      const since = now();
      const outcome = await perform(host, action, { ...body, services: [name] });
      const statuses = await currentStatuses(host);
      const answer: ServiceActionJson = {
        service: toServiceJson(findService({ status: () => statuses }, name), now(), host.metrics, host.logLoss),
        ...withOutcome(outcome),
        ...(action === 'stop' ? { stopped: stopReports(statuses.filter((status) => status.name === name), since) } : {}),
      };
      return jsonResponse(answer);
    });
  }
}

async function perform(host: ApiHost, action: ServiceAction, body: ActionBody): Promise<StartOutcome | undefined> {
  switch (action) {
    case 'start':
      return host.engine.start(body.services, { portConflict: body.portConflict, ...colour(body) });
    case 'stop':
      await host.engine.stop(body.services);
      return undefined;
    case 'restart':
      if (host.restart !== undefined) return host.restart(body.services, { withDependents: body.withDependents, ...colour(body) });
      if (body.withDependents) throw new HttpError('E_NOT_IMPLEMENTED', 'this stackctl host cannot restart with dependents');
      return host.engine.restart(body.services, colour(body));
  }
}

/** The services whose run this stop ended (an exit stopped by us since `since`), with what needed SIGKILL and what survived it. */
function stopReports(statuses: readonly ServiceStatus[], since: number): StopReportJson[] {
  return statuses.flatMap(({ name, lastExit }) => {
    if (lastExit === null || !lastExit.stoppedByUs || lastExit.endedAt < since) return [];
    const refs = (list: ExitRecord['killed']) => (list ?? []).map(({ pid, command }) => ({ pid, command }));
    return [{ name, forced: lastExit.forced, killed: refs(lastExit.killed), survivors: refs(lastExit.survivors) }];
  });
}

function colour(body: ActionBody): { forceColor?: true } {
  return body.forceColor ? { forceColor: true } : {};
}

function withOutcome(outcome: StartOutcome | undefined): { outcome?: StartOutcomeJson } {
  if (outcome === undefined) return {};
  const failed = outcome.failed.map(({ name, reason, code, holder }) => ({
    name,
    reason,
    ...(code === undefined ? {} : { code }),
    ...(holder === undefined ? {} : { holder: toExternalJson(holder) }),
  }));
  return { outcome: { started: outcome.started, failed } };
}

/**
 * `{ "services": [...], "with_dependents": true, "port_conflict": "adopt", "force_color": true }`,
 * every key optional; unknown keys are ignored.
 */
async function readActionBody(ctx: RequestContext, action: ServiceAction, allowList: boolean): Promise<ActionBody> {
  const raw = await ctx.json();
  if (raw === undefined || raw === null) return { services: [], withDependents: false, portConflict: 'fail', forceColor: false };
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
  const portConflict = body['port_conflict'] ?? 'fail';
  if (!PORT_CONFLICT_MODES.includes(portConflict as PortConflictMode)) throw usage('"port_conflict" must be "fail", "adopt" or "replace"');
  if (portConflict !== 'fail' && action !== 'start') throw usage('"port_conflict" applies to start only');
  const forceColor = body['force_color'] ?? false;
  if (typeof forceColor !== 'boolean') throw usage('"force_color" must be true or false');
  if (forceColor && action === 'stop') throw usage('"force_color" applies to start and restart only');
  return { services: [...new Set(services)], withDependents, portConflict: portConflict as PortConflictMode, forceColor };
}

function usage(message: string): StackctlError {
  return new StackctlError('E_USAGE', message);
}
