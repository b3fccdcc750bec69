// Reads databases and caches from a docker-compose file, as hints only: stackctl does not run containers.
import { parse } from 'yaml';
import type { ContainerHint } from './detected.js';
import type { ProjectFiles } from './project-files.js';

export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

const KINDS: ReadonlyArray<readonly [RegExp, string, number]> = [
  [/postgres|postgis|timescale/, 'PostgreSQL', 5432],
  [/mysql/, 'MySQL', 3306],
  [/mariadb/, 'MariaDB', 3306],
  [/mongo/, 'MongoDB', 27017],
  [/redis|valkey|keydb/, 'Redis', 6379],
  [/memcached/, 'Memcached', 11211],
  [/rabbitmq/, 'RabbitMQ', 5672],
  [/elasticsearch|opensearch/, 'Elasticsearch', 9200],
  [/minio/, 'MinIO', 9000],
  [/mailhog|mailpit/, 'Mail catcher', 1025],
];

export function detectComposeHints(files: ProjectFiles): ContainerHint[] {
  for (const file of COMPOSE_FILES) {
    const text = files.read(file);
    if (text === null) continue;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      return [];
    }
    const services = (doc as { services?: unknown } | null)?.services;
    if (typeof services !== 'object' || services === null) return [];
    const hints: ContainerHint[] = [];
    for (const [name, value] of Object.entries(services as Record<string, unknown>)) {
      const image = String((value as { image?: unknown } | null)?.image ?? '');
      const kind = KINDS.find(([pattern]) => pattern.test(image.toLowerCase()));
      if (kind === undefined) continue;
      const ports = publishedPorts((value as { ports?: unknown }).ports);
      hints.push({ name, image, kind: kind[1], ports: ports.length > 0 ? ports : [kind[2]] });
    }
    return hints;
  }
  return [];
}

/** Host ports of `ports: ["5432:5432", 6379, { published: 8080 }]`. */
function publishedPorts(ports: unknown): number[] {
  if (!Array.isArray(ports)) return [];
  return ports
    .map((entry: unknown) => {
      if (typeof entry === 'number') return entry;
      if (typeof entry === 'object' && entry !== null) return Number((entry as { published?: unknown }).published);
      const parts = String(entry).split(':');
      return parts.length >= 2 ? Number(parts[parts.length - 2]) : Number(parts[0]);
    })
    .filter((port) => Number.isInteger(port) && port > 0 && port <= 65535);
}
