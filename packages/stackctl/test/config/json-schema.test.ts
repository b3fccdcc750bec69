// The committed JSON Schema must match the one generated from the zod schema (UPDATE_SCHEMA=1 rewrites it).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/index.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/stackctl.schema.json', import.meta.url));

type JsonObject = { [key: string]: unknown };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `properties` entry in the schema, with its dotted path. */
function allProperties(node: unknown, prefix = ''): [string, JsonObject][] {
  if (!isObject(node)) return Array.isArray(node) ? node.flatMap((item) => allProperties(item, prefix)) : [];
  const found: [string, JsonObject][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      for (const [name, property] of Object.entries(value)) {
        if (isObject(property)) found.push([`${prefix}${name}`, property], ...allProperties(property, `${prefix}${name}.`));
      }
    } else {
      found.push(...allProperties(value, prefix));
    }
  }
  return found;
}

describe('JSON Schema', () => {
  const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

  it('is committed at schema/stackctl.schema.json and up to date', () => {
    if (process.env.UPDATE_SCHEMA === '1') fs.writeFileSync(SCHEMA_FILE, generated);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(committed, 'schema/stackctl.schema.json is stale: run UPDATE_SCHEMA=1 npx vitest run test/config/json-schema').toBe(generated);
  });

  it('has a title, a description and a description for every key', () => {
    const schema = configJsonSchema();
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'stackctl configuration' });
    const properties = allProperties(schema);
    expect(properties.map(([name]) => name)).toEqual(expect.arrayContaining(['services', 'name', 'services.health.interval', 'services.stop_signal', 'services.depends_on']));
    const undocumented = properties.filter(([, property]) => typeof property.description !== 'string').map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  it('documents the defaults and does not require keys that have one', () => {
    const service = (configJsonSchema().properties as JsonObject).services as JsonObject;
    const serviceSchema = service.additionalProperties as JsonObject;
    expect(serviceSchema.required).toEqual(['command']);
    expect(serviceSchema.additionalProperties).toBe(false);
    expect((serviceSchema.properties as JsonObject).restart).toMatchObject({ default: 'on-failure' });
    expect((serviceSchema.properties as JsonObject).stop_timeout).toMatchObject({ default: '10s' });
    expect(service.propertyNames).toEqual({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$' });
  });
});
