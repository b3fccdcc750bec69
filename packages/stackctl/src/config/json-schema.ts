// The JSON Schema of the config file, generated from the zod schema (input side: keys with defaults are optional).
import { z } from 'zod';
import { configSchema } from './schema.js';

export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, description: _rootDescription, ...rest } = generated;
  return {
    $schema,
    title: 'stackctl configuration',
    description:
      'stackctl.yaml / stackctl.json: the services of a project and how to run, check, restart and stop them. ' +
      'Durations are like 500ms, 2s, 1m, 1h (a bare number means seconds).',
    ...rest,
  };
}
