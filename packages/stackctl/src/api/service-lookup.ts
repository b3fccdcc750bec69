// Finds a service's status by name, or throws E_SERVICE_UNKNOWN (404) with a did-you-mean.
import { suggestion } from '../config/did-you-mean.js';
import { StackctlError } from '../errors/index.js';
import type { EngineHandle } from '../supervisor/engine-handle.js';
import type { ServiceStatus } from '../supervisor/types.js';

export function findService(engine: Pick<EngineHandle, 'status'>, name: string): ServiceStatus {
  const statuses = engine.status();
  const found = statuses.find((status) => status.name === name);
  if (found !== undefined) return found;
  throw unknownService(name, statuses);
}

/** Checks every name before anything runs, so a typo never starts half a list. */
export function assertServicesKnown(engine: Pick<EngineHandle, 'status'>, names: readonly string[]): void {
  const statuses = engine.status();
  const known = new Set(statuses.map((status) => status.name));
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) throw unknownService(unknown, statuses);
}

function unknownService(name: string, statuses: readonly ServiceStatus[]): StackctlError {
  const names = statuses.map((status) => status.name);
  return new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${name}"${suggestion(name, names)}`, {
    hint: names.length === 0 ? 'the config defines no services' : `known services: ${names.join(', ')}`,
  });
}
