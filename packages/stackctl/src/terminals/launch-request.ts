// Checks shared by every launcher's plan: a request names at least one service, each with a command.
import { StackctlError } from '../errors/index.js';
import type { LaunchRequest, LaunchService } from './terminal-launcher.js';

/** The request's services, or a usage error when there is nothing to open. */
export function servicesToOpen(request: LaunchRequest): readonly LaunchService[] {
  if (request.services.length === 0) throw new StackctlError('E_USAGE', 'no services to open in separate terminals');
  for (const service of request.services) {
    if (service.command.length === 0) throw new StackctlError('E_USAGE', `service ${service.name} has an empty command for its terminal`);
  }
  return request.services;
}

/** `api, web, worker` for summaries. */
export function serviceList(services: readonly LaunchService[]): string {
  return services.map((service) => service.name).join(', ');
}
