// Parses each service field on its own, so cross-field rules still run while other fields are invalid.
import { DEPENDENCY_CONDITIONS, serviceSchema, type ParsedService } from './schema.js';

export interface SalvagedService {
  readonly name: string;
  /** The service as written (an empty map when it is not a map). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The fields that are valid on their own, parsed; invalid or missing ones are absent. */
  readonly fields: Partial<ParsedService>;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The services of a raw config in declaration order; empty when `services` is not a map. */
export function salvageServices(rawConfig: unknown): SalvagedService[] {
  const services = isMap(rawConfig) ? rawConfig.services : undefined;
  if (!isMap(services)) return [];
  return Object.entries(services).map(([name, value]) => {
    const raw = isMap(value) ? value : {};
    const fields: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(serviceSchema.shape)) {
      if (!(key in raw)) continue;
      const result = schema.safeParse(raw[key]);
      if (result.success) fields[key] = result.data;
    }
    if (!('depends_on' in fields) && 'depends_on' in raw) fields.depends_on = salvageDependencies(raw.depends_on);
    return { name, raw, fields: fields as Partial<ParsedService> };
  });
}

/**
 * The targets of an invalid depends_on, so one bad condition hides neither a cycle nor an unknown
 * target: a misspelt condition (`healty`, reported by the schema) counts as `started` here, the
 * condition that asks nothing of its target.
 */
function salvageDependencies(value: unknown): Record<string, string> {
  const entries = Array.isArray(value)
    ? value.filter((name) => typeof name === 'string').map((name) => [name, 'started'])
    : Object.entries(isMap(value) ? value : {}).map(([name, condition]) => [
        name,
        (DEPENDENCY_CONDITIONS as readonly unknown[]).includes(condition) ? condition : 'started',
      ]);
  return Object.fromEntries(entries);
}
