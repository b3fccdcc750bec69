// The ports check against real TCP servers: a stranger holding a declared port is named; the service's own process is fine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunRecordFileStore } from '../../../src/system/run-record-file-store.js';
import { LinuxProcessTable } from '../../../src/system/process-table/index.js';
import { expectPidsGone, pidAlive } from '../../helpers/pids.js';
import { doctor, findingWith, findings, project, spawnServer, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const linux = process.platform === 'linux';

describe.runIf(linux)('ports check', () => {
  it('fails naming the pid, command and folder of a process holding a declared port; free once it is killed', async () => {
    const root = project({});
    const server = await spawnServer(root);
    fs.writeFileSync(path.join(root, 'stackctl.yaml'), `services:\n  api:\n    command: node api.js\n    port: ${server.port}\n`);

    const held = findingWith(await doctor(root, { checks: ['ports'] }), 'ports', `port ${server.port} (api)`);
    expect(held.status).toBe('fail');
    expect(held.message).toMatch(new RegExp(`^port ${server.port} \\(api\\) is held by pid ${server.pid} \\(node server\\.js, started .* in ${root}\\)$`));
    expect(held.fix).toBe(
      `\`stackctl start api --adopt\` to track it as api, \`stackctl start api --replace\` to stop it and start api, or \`kill ${server.pid}\``,
    );

    process.kill(server.pid, 'SIGTERM');
    await expectPidsGone([server.pid]);
    expect(pidAlive(server.pid)).toBe(false);
    expect(findings(await doctor(root, { checks: ['ports'] }), 'ports')).toEqual([
      expect.objectContaining({ status: 'ok', message: `ports free: ${server.port}` }),
    ]);
  });

  it('is fine when the process on the port is the one stackctl runs for that service (its run record)', async () => {
    const root = project({});
    const server = await spawnServer(root);
    const other = await spawnServer(root);
    fs.writeFileSync(
      path.join(root, 'stackctl.yaml'),
      `services:\n  api:\n    command: node server.js\n    port: ${server.port}\n  web:\n    command: node web.js\n    port: ${other.port}\n`,
    );
    const info = new LinuxProcessTable().info(server.pid);
    if (info === null) throw new Error('server not in the process table');
    createRunRecordFileStore(path.join(root, '.stackctl', 'run')).write({
      service: 'api',
      pid: server.pid,
      pgid: info.pgid,
      startTime: info.startTime,
      command: info.command,
      startedAt: info.startedAt,
      restarts: 0,
      origin: 'managed',
      output: null,
    });
    const report = await doctor(root, { checks: ['ports'] });
    expect(findings(report, 'ports').map((entry) => entry.status)).toEqual(['ok', 'fail']);
    expect(findingWith(report, 'ports', 'held by their services').message).toBe(`ports held by their services: ${server.port} (api, pid ${server.pid})`);
    // A record of api does not make web's port holder ours.
    expect(findingWith(report, 'ports', `port ${other.port} (web)`).message).toContain(`pid ${other.pid}`);
  });

  it('says so when no service declares a port', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  worker:\n    command: node worker.js\n' });
    expect(findings(await doctor(root, { checks: ['ports'] }), 'ports')).toEqual([expect.objectContaining({ status: 'ok', message: 'no service declares a port' })]);
  });
});
