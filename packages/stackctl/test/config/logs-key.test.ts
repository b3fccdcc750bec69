// The per-service `logs: { max_size, max_files }` key: defaults, parsing and its problems.
import { afterAll, describe, expect, it } from 'vitest';
import { dedent, expectProblems, loadProject, removeTempProjects, yamlFile } from './temp-project.js';

afterAll(removeTempProjects);

describe('services.<name>.logs', () => {
  it('defaults to 10 MB × 5 files', async () => {
    const { config } = await loadProject({ 'stackctl.yaml': 'services:\n  web:\n    command: npm run dev\n' });
    expect(config.services.web?.logs).toEqual({ maxBytes: 10 * 1024 * 1024, maxFiles: 5 });
  });

  it('reads a size and a file count, each defaulting on its own', async () => {
    const { config } = await loadProject({
      'stackctl.yaml': dedent(`
        services:
          api:
            command: node server.js
            logs: { max_size: 512KB, max_files: 2 }
          worker:
            command: node worker.js
            logs: { max_files: 3 }
          db:
            command: postgres
            logs: { max_size: 2048 }
      `),
    });
    expect(config.services.api?.logs).toEqual({ maxBytes: 512 * 1024, maxFiles: 2 });
    expect(config.services.worker?.logs).toEqual({ maxBytes: 10 * 1024 * 1024, maxFiles: 3 });
    expect(config.services.db?.logs).toEqual({ maxBytes: 2048, maxFiles: 5 });
  });

  it('reports a bad size, a zero size, a bad count and an unknown key at their lines', async () => {
    await expectProblems(
      yamlFile(`
        services:
          a:
            command: x
            logs: { max_size: lots }
          b:
            command: x
            logs: { max_size: 0 }
          c:
            command: x
            logs: { max_files: 0 }
          d:
            command: x
            logs: { max_sise: 1MB }
      `),
      [
        { at: 'stackctl.yaml:4:23 services.a.logs.max_size', says: 'must be a size such as 512MB' },
        { at: 'stackctl.yaml:7:23 services.b.logs.max_size', says: 'must be larger than 0' },
        { at: 'stackctl.yaml:10:24 services.c.logs.max_files', says: 'must be a whole number of at least 1' },
        { at: 'stackctl.yaml:13:13 services.d.logs.max_sise', says: 'did you mean max_size?' },
      ],
    );
  });
});
