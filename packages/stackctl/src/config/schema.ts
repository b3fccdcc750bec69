// The configuration schema (zod 4): every key's shape, description and default. Rules across keys live in rules.ts.
import { z } from 'zod';
import { DEFAULTS } from './defaults.js';
import { suggestion } from './did-you-mean.js';
import { DURATION_FORMS, DURATION_PATTERN, SIZE_FORMS, SIZE_PATTERN, checkDuration, checkSize } from './durations.js';
import { SIGNAL_NAMES, normaliseSignal } from './signals.js';

/** Service and project names. */
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const NAME_RULE = 'must start with a letter or digit and contain only letters, digits, _, . and -';
export const RESTART_POLICIES = ['no', 'on-failure', 'always'] as const;
export const DEPENDENCY_CONDITIONS = ['started', 'healthy', 'completed'] as const;
export const HEALTH_KINDS = ['http', 'tcp', 'exec'] as const;
/** Who runs migrations: stackctl's own SQL runner, or the project's migration tool. */
export const MIGRATION_TOOLS = ['builtin', 'alembic', 'prisma', 'knex', 'drizzle', 'sequelize', 'django'] as const;
const DATABASE_URL_RULE = 'must be a sqlite: URL (sqlite:./data/app.db) or a postgres:// URL, optionally with ${VAR} references';

const PORT_RULE = 'must be a whole number from 1 to 65535';
const TCP_RULE = 'must be a port number or host:port, such as 5432 or db:5432';
const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

/** A union's message, except that a missing value is simply "is required". */
function unionMessage(message: string) {
  return (issue: { readonly input?: unknown }): string => (issue.input === undefined ? 'is required' : message);
}

/** An error message for an enum, with a suggestion when the input is a near miss. */
function oneOf(values: readonly string[]) {
  return (issue: { readonly input?: unknown }): string => {
    const hint = typeof issue.input === 'string' ? suggestion(issue.input, values) : '';
    return `must be one of ${values.join(', ')}${hint}`;
  };
}

/** A duration in the config (`2s`, `500ms`, or a bare number of seconds), parsed to milliseconds. */
export function durationSchema(options: { readonly allowZero: boolean }) {
  const message = `must be ${DURATION_FORMS}`;
  return z
    .union([z.number().nonnegative({ error: message }), z.string().regex(DURATION_PATTERN, { error: message })], {
      error: unionMessage(message),
    })
    .transform((value, ctx) => {
      const result = checkDuration(value);
      if (!result.ok) ctx.issues.push({ code: 'custom', message: result.message, input: value });
      else if (result.value === 0 && !options.allowZero) {
        ctx.issues.push({ code: 'custom', message: 'must be longer than 0ms', input: value });
      }
      return result.ok ? result.value : 0;
    });
}

/** A size in the config (`512MB`, or a bare number of bytes), parsed to bytes. */
export function sizeSchema() {
  const message = `must be ${SIZE_FORMS}`;
  return z
    .union([z.number().nonnegative({ error: message }), z.string().regex(SIZE_PATTERN, { error: message })], {
      error: unionMessage(message),
    })
    .transform((value, ctx) => {
      const result = checkSize(value);
      if (!result.ok) ctx.issues.push({ code: 'custom', message: result.message, input: value });
      return result.ok ? result.value : 0;
    });
}

const nonEmptyString = z.string().min(1, { error: 'must not be empty' });
const port = z.int({ error: PORT_RULE }).min(1, { error: PORT_RULE }).max(65535, { error: PORT_RULE });

/** A shell string, or an argv list run without a shell. */
function commandSchema() {
  return z.union(
    [
      z
        .string()
        .min(1, { error: 'must not be empty' })
        .refine((text) => text.trim() !== '', { error: 'must not be empty' }),
      z
        .array(z.string())
        .min(1, { error: 'must not be an empty list' })
        .refine((argv) => argv.length === 0 || argv[0]?.trim() !== '', {
          error: 'the program (first item) must not be empty',
        }),
    ],
    { error: unionMessage('must be a shell string or a list of strings (argv)') },
  );
}

const httpStatus = z.int({ error: 'must be an HTTP status from 100 to 599' }).min(100).max(599);

export const healthSchema = z
  .strictObject({
    http: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, such as http://127.0.0.1:4000/health' })
      .optional()
      .describe('Healthy when a GET of this URL answers in time with an expected status.'),
    expect_status: z
      .union([httpStatus, z.array(httpStatus).min(1)], { error: unionMessage('must be an HTTP status or a list of them') })
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional()
      .describe('HTTP statuses that count as healthy (http checks only). Default: any 2xx or 3xx.'),
    tcp: z
      .union([port, z.string().regex(HOST_PORT, { error: TCP_RULE })], { error: unionMessage(TCP_RULE) })
      .transform((value, ctx) => {
        if (typeof value === 'number') return { host: DEFAULTS.health.tcpHost, port: value };
        const [, ipv6, host, portText] = HOST_PORT.exec(value) ?? [];
        const portNumber = Number(portText);
        if (!(portNumber >= 1 && portNumber <= 65535)) {
          ctx.issues.push({ code: 'custom', message: `port ${PORT_RULE}`, input: value });
        }
        return { host: ipv6 ?? host ?? DEFAULTS.health.tcpHost, port: portNumber };
      })
      .optional()
      .describe(`Healthy when a TCP connection opens: a port (host ${DEFAULTS.health.tcpHost}) or host:port.`),
    exec: commandSchema()
      .optional()
      .describe('Healthy when this command (a shell string or an argv list) exits 0.'),
    interval: durationSchema({ allowZero: false })
      .prefault(DEFAULTS.health.interval)
      .describe(`Time between two checks. Default: ${DEFAULTS.health.interval}.`),
    timeout: durationSchema({ allowZero: false })
      .prefault(DEFAULTS.health.timeout)
      .describe(`A check slower than this fails. Default: ${DEFAULTS.health.timeout}.`),
    retries: z
      .int({ error: 'must be a whole number of at least 1' })
      .min(1, { error: 'must be a whole number of at least 1' })
      .default(DEFAULTS.health.retries)
      .describe(`Failures in a row before the service is unhealthy. Default: ${DEFAULTS.health.retries}.`),
    start_period: durationSchema({ allowZero: true })
      .prefault(DEFAULTS.health.startPeriod)
      .describe(`Failures within this time after a start do not count. Default: ${DEFAULTS.health.startPeriod}.`),
    start_timeout: durationSchema({ allowZero: false })
      .prefault(DEFAULTS.health.startTimeout)
      .describe(
        `How long a start (and each dependent waiting on healthy) waits for the service to become healthy, counted from its first run; past it they fail, while the service keeps running. Default: ${DEFAULTS.health.startTimeout}.`,
      ),
  })
  .describe('How to tell the service is ready: exactly one of http, tcp or exec.');

const FILES_RULE = 'must be a whole number of at least 1';

export const logsSchema = z
  .strictObject({
    max_size: sizeSchema()
      .refine((bytes) => bytes > 0, { error: 'must be larger than 0' })
      .prefault(DEFAULTS.logs.maxSize)
      .describe(`Rotate the log file before it grows past this size. Default: ${DEFAULTS.logs.maxSize}.`),
    max_files: z
      .int({ error: FILES_RULE })
      .min(1, { error: FILES_RULE })
      .default(DEFAULTS.logs.maxFiles)
      .describe(`Files kept in total, the current one included (older ones are deleted). Default: ${DEFAULTS.logs.maxFiles}.`),
  })
  .describe('Size-based rotation of the service\'s log file, .stackctl/logs/<service>.log.');

const dependencyCondition = z.enum(DEPENDENCY_CONDITIONS, { error: oneOf(DEPENDENCY_CONDITIONS) });
const dependsOnMessage = `must be a list of service names or a map of name: ${DEPENDENCY_CONDITIONS.join(' | ')}`;

export const serviceSchema = z
  .strictObject({
    command: commandSchema().describe('What to run: a shell string, or an argv list run without a shell. Required.'),
    cwd: z
      .string()
      .min(1, { error: 'must not be empty' })
      .optional()
      .describe('Working folder, relative to the config file. Default: the config file\'s folder.'),
    env: z
      .record(
        z.string().regex(/^[^=\0]+$/, { error: 'an environment variable name must not be empty or contain =' }),
        z
          .union([z.string(), z.number(), z.boolean()], { error: unionMessage('must be a string, number or boolean') })
          .transform(String),
      )
      .optional()
      .describe('Environment variables; numbers and booleans become strings. Wins over env_file. Default: none.'),
    env_file: z
      .union([nonEmptyString, z.array(nonEmptyString)], { error: unionMessage('must be a path or a list of paths') })
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional()
      .describe('dotenv files, relative to the config file, loaded in order (a later file wins). Default: none.'),
    port: port.optional().describe('The port the service listens on; sets PORT. Use port or ports, not both. Default: none.'),
    ports: z
      .array(port)
      .min(1, { error: 'must list at least one port' })
      .optional()
      .describe('Ports the service listens on; PORT is set when there is exactly one. Default: none.'),
    health: healthSchema.optional().describe('A readiness check: exactly one of http, tcp or exec. Default: none.'),
    depends_on: z
      .union([z.array(z.string().min(1)), z.record(z.string(), dependencyCondition)], { error: unionMessage(dependsOnMessage) })
      .transform((value) =>
        Array.isArray(value) ? Object.fromEntries(value.map((name) => [name, DEFAULTS.dependencyCondition])) : value,
      )
      .optional()
      .describe('Services to wait for: a map name: started | healthy | completed, or a list (meaning started). Default: none.'),
    restart: z
      .union([z.enum(RESTART_POLICIES), z.literal(false)], { error: oneOf(RESTART_POLICIES) })
      .transform((value) => (value === false ? 'no' : value))
      .prefault(DEFAULTS.restart)
      .describe(`When to restart after the process ends: no, on-failure or always (false means no). Default: ${DEFAULTS.restart}.`),
    max_restarts: z
      .int({ error: 'must be a whole number of at least 0' })
      .min(0, { error: 'must be a whole number of at least 0' })
      .default(DEFAULTS.maxRestarts)
      .describe(`Restarts allowed within restart_window before the service is failed. Default: ${DEFAULTS.maxRestarts}.`),
    restart_window: durationSchema({ allowZero: false })
      .prefault(DEFAULTS.restartWindow)
      .describe(`The sliding window max_restarts counts in. Default: ${DEFAULTS.restartWindow}.`),
    min_uptime: durationSchema({ allowZero: true })
      .prefault(DEFAULTS.minUptime)
      .describe(
        `A service without a health check counts as up (for start and up) once it has stayed running this long; a run this long also makes its next crash restart at once. Default: ${DEFAULTS.minUptime}.`,
      ),
    backoff_reset: durationSchema({ allowZero: false })
      .prefault(DEFAULTS.backoffReset)
      .describe(
        `After a run this long, the quick crashes before it are forgotten: the restart delay starts over at 0 ms. Default: ${DEFAULTS.backoffReset}.`,
      ),
    stop_signal: z
      .string()
      .transform((value, ctx) => {
        const signal = normaliseSignal(value);
        if (signal === null) {
          const upper = value.toUpperCase();
          const hint = suggestion(upper.startsWith('SIG') ? upper : `SIG${upper}`, SIGNAL_NAMES);
          const message = `must be a signal name such as SIGTERM, SIGINT or SIGQUIT${hint}`;
          ctx.issues.push({ code: 'custom', message, input: value });
        }
        return signal ?? DEFAULTS.stopSignal;
      })
      .prefault(DEFAULTS.stopSignal)
      .describe(`Signal sent to stop the service, with or without the SIG prefix. Default: ${DEFAULTS.stopSignal}.`),
    stop_timeout: durationSchema({ allowZero: true })
      .prefault(DEFAULTS.stopTimeout)
      .describe(`Time to wait after stop_signal before SIGKILL. Default: ${DEFAULTS.stopTimeout}.`),
    logs: logsSchema
      .prefault({})
      .describe(`Log file rotation. Default: ${DEFAULTS.logs.maxSize} × ${DEFAULTS.logs.maxFiles} files.`),
    setup: z
      .union([commandSchema(), z.array(commandSchema()).min(1), z.literal(false)], {
        error: unionMessage('must be a command, a non-empty list of commands, or false (nothing to do)'),
      })
      .transform((value) => (value === false ? false : typeof value === 'string' ? [value] : isArgv(value) ? [value] : value))
      .optional()
      .describe(
        'How `stackctl setup` installs this service: a command or a list of commands run in its cwd, or false for nothing. Default: detected (npm/pnpm/yarn/bun by lockfile, a Python .venv with uv, poetry or pip).',
      ),
  })
  .describe('One long-running process of the stack.');

/** An argv list (strings only) as opposed to a list of commands (which may hold argv lists). */
function isArgv(value: readonly (string | readonly string[])[]): value is string[] {
  return value.every((item) => typeof item === 'string') && value.length > 0 && !looksLikeCommandList(value as string[]);
}

/** `setup: ["npm ci", "npm run build"]` is two shell commands, `setup: [["npm", "ci"]]` one argv: strings with spaces are commands. */
function looksLikeCommandList(items: readonly string[]): boolean {
  return items.some((item) => /\s/.test(item.trim()));
}

export const databaseSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^(?:sqlite:|postgres(?:ql)?:\/\/|\$\{)/, { error: DATABASE_URL_RULE })
      .optional()
      .describe('Where the database is: sqlite:./data/app.db (relative to the config) or postgres://user:pass@host:5432/db; ${VAR} is read from the environment and .env. Required for the built-in runner.'),
    migrations_dir: z
      .string()
      .min(1, { error: 'must not be empty' })
      .prefault(DEFAULTS.database.migrationsDir)
      .describe(`Folder of plain SQL migrations (0001_name.sql with -- up / -- down sections), relative to the config. Default: ${DEFAULTS.database.migrationsDir}.`),
    tool: z
      .enum(MIGRATION_TOOLS, { error: oneOf(MIGRATION_TOOLS) })
      .optional()
      .describe('Delegate migrate/status/rollback to the project\'s own tool: alembic, prisma, knex, drizzle, sequelize or django. Default: builtin.'),
    cwd: z
      .string()
      .min(1, { error: 'must not be empty' })
      .optional()
      .describe('Folder the migration tool runs in, relative to the config. Default: the config file\'s folder.'),
    seed: z
      .string()
      .min(1, { error: 'must not be empty' })
      .optional()
      .describe('Run after `db reset` (and `db seed`): a .sql file relative to the config, or a shell command. Default: none.'),
    env_file: z
      .string()
      .min(1, { error: 'must not be empty' })
      .prefault(DEFAULTS.database.envFile)
      .describe(`dotenv file whose values fill \${VAR} in url (the environment wins), relative to the config. Default: ${DEFAULTS.database.envFile}.`),
  })
  .describe('The project\'s database, for `stackctl db` and the migrations `stackctl setup` runs.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows, for editors; ignored by stackctl.'),
    name: z
      .string()
      .regex(NAME_PATTERN, { error: NAME_RULE })
      .optional()
      .describe('Project name, given to services as STACKCTL_PROJECT. Default: the config folder\'s name.'),
    services: z
      .record(z.string(), serviceSchema)
      .meta({ propertyNames: { pattern: NAME_PATTERN.source } })
      .describe('The services to run, by name (letters, digits, _, . and -). Required.'),
    database: databaseSchema.optional().describe('The project\'s database for `stackctl db` and `stackctl setup`. Default: none.'),
  })
  .describe('A stackctl project: the services to run together.');

/** What a config file may contain (before defaults and parsing); the type of `defineConfig`'s argument. */
export type StackctlConfigInput = z.input<typeof configSchema>;
/** The config after the schema: defaults applied, durations in ms, signals normalised. */
export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedService = z.output<typeof serviceSchema>;
export type ParsedHealth = z.output<typeof healthSchema>;
export type ParsedDatabase = z.output<typeof databaseSchema>;
