// Turns a project plan into a commented stackctl.yaml, built with the yaml Document API so quoting is always right.
import { Document, isPair, isScalar, type YAMLMap } from 'yaml';
import type { HealthGuess } from './detected.js';
import type { PlannedService, ProjectPlan } from './detect-project.js';

export interface WriteConfigOptions {
  /** Project name written as `name:`; omitted when undefined (the folder's name is the default). */
  readonly name?: string;
  /** Path or URL of the JSON Schema for the `# yaml-language-server: $schema=` line; none when undefined. */
  readonly schema?: string;
}

export function writeConfig(plan: ProjectPlan, options: WriteConfigOptions = {}): string {
  const services = Object.fromEntries(plan.services.map((service) => [service.name, serviceBody(service)]));
  const doc = new Document({ ...(options.name === undefined ? {} : { name: options.name }), services });
  const header = [
    ...(options.schema === undefined ? [] : [` yaml-language-server: $schema=${options.schema}`]),
    ' stackctl config, written by `stackctl init`: check the guesses, then run `stackctl up`.',
    ' Keys: README.md "Configuration"; every key is in the JSON Schema above.',
  ];
  if (plan.services.length === 0) header.push(' Nothing runnable was recognised: add your services below.');
  doc.commentBefore = header.join('\n');

  const servicesNode = doc.get('services', true) as YAMLMap;
  for (const item of servicesNode.items) {
    const key: unknown = isPair(item) ? item.key : undefined;
    if (!isScalar(key)) continue;
    const service = plan.services.find((entry) => entry.name === key.value);
    if (service !== undefined) key.commentBefore = serviceComment(service);
  }
  const trailer: string[] = [];
  if (plan.hints.length > 0) {
    trailer.push(
      ' Containers in the compose file: stackctl does not run containers; start them with `docker compose up -d`.',
      ...plan.hints.map((hint) => `   ${hint.name}: ${hint.kind} (${hint.image}) on port ${hint.ports.join(', ')}`),
    );
  }
  for (const missing of plan.missing) {
    const service = missing.service;
    const needs = `${missing.neededBy.join(', ')} ${missing.neededBy.length === 1 ? 'needs' : 'need'} ${missing.kind} (${missing.because.join(', ')})`;
    const uncomment = `uncomment this service (and add \`${service.name}: healthy\` to their depends_on)`;
    trailer.push(
      ...(missing.refusesRoot === true
        ? [
            ` ${needs}: ${missing.program} is installed, but it refuses to run as root, and stackctl runs as root here.`,
            ` Run stackctl as a normal user and \`stackctl init --force\` again, or run this command as another user with its data outside .stackctl (which only root can enter), in a folder that user owns, then ${uncomment}:`,
          ]
        : [` ${needs}, and ${missing.program} is not installed.`, ` Install it (${missing.install.join(', or ')}), then ${uncomment}:`]),
      `   ${service.name}:`,
      `     command: ${JSON.stringify(service.command)}`,
      `     port: ${service.port}`,
      `     health: { tcp: ${service.port}${service.startPeriod === undefined ? '' : `, start_period: ${service.startPeriod}`} }`,
    );
  }
  if (trailer.length > 0) doc.comment = trailer.join('\n');
  return doc.toString({ lineWidth: 0 });
}

function serviceBody(service: PlannedService): Record<string, unknown> {
  return {
    command: service.command,
    ...(service.cwd === '.' ? {} : { cwd: `./${service.cwd}` }),
    ...(service.port === undefined ? {} : { port: service.port }),
    ...(service.health === undefined || service.port === undefined
      ? {}
      : { health: { ...healthBody(service.health, service.port), ...(service.startPeriod === undefined ? {} : { start_period: service.startPeriod }) } }),
    ...(Object.keys(service.dependsOn).length === 0 ? {} : { depends_on: { ...service.dependsOn } }),
  };
}

function healthBody(health: HealthGuess, port: number): Record<string, unknown> {
  return health.kind === 'http' ? { http: `http://localhost:${port}${health.path}` } : { tcp: port };
}

function serviceComment(service: PlannedService): string {
  const port = service.port === undefined ? '' : `, port from ${service.portSource ?? 'its command'}`;
  const unknown = service.portUnknown === undefined ? [] : [` port: ${service.portUnknown}`];
  return [` ${service.framework}${port}`, ...unknown, ...service.notes.map((note) => ` ${note}`)].join('\n');
}
