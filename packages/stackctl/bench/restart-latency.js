// Benchmark 4: kill -9 of an HTTP service → its port answers again from the new process, next to the server's own start time.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { BenchProject, CLI_ENV, FIXTURES, fixture } from './lib/project.js';
import { assertGone, sleep } from './lib/processes.js';
import { median, round, summary } from './lib/stats.js';

const SERVER = path.join(FIXTURES, 'http-server.mjs');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * One GET; resolves with the pid the server answers and when its connection was accepted (the
 * port accepting is the moment that counts; the answer only says which process accepted it), or
 * null when nothing answers.
 */
function askPid(port) {
  return new Promise((resolve) => {
    let acceptedAt = null;
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(acceptedAt === null ? null : { pid: Number(body), at: acceptedAt }));
      res.on('error', () => resolve(null));
    });
    req.on('socket', (socket) => socket.once('connect', () => (acceptedAt = performance.now())));
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Polls every millisecond until a process other than `not` answers on the port; resolves with its
 * pid and the time (ms) its port accepted the connection it answered on.
 */
export async function waitForAnswer(port, not, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const answer = await askPid(port);
    if (answer !== null && answer.pid !== not) return answer;
    if (performance.now() > deadline) throw new Error(`nothing new answered on port ${port} within ${timeoutMs}ms`);
    await sleep(1);
  }
}

/** The server started by hand: spawn → first answer. */
export async function ownStartTime(port) {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER], { env: { ...CLI_ENV, PORT: String(port) }, stdio: 'ignore' });
  try {
    const { at } = await waitForAnswer(port, -1);
    return at - started;
  } finally {
    child.kill('SIGKILL');
    await assertGone([child.pid], 'the hand-started server');
  }
}

/** The daemon's recent events of `service` (exit, spawn) over its socket. */
export function events(project) {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: path.join(project.dir, '.stackctl/daemon.sock'), path: '/api/events', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body).events));
    });
    req.on('error', reject);
  });
}

export async function benchRestartLatency({ runs = 10 } = {}) {
  const port = await freePort();
  const handPort = await freePort();
  const project = new BenchProject('restart', `  web:\n    command: ["node", ${fixture('http-server.mjs')}]\n    port: ${port}\n    restart: on-failure\n`);
  try {
    await project.cli(['start']);
    let { pid } = await waitForAnswer(port, -1);
    const recover = [];
    const own = [];
    const noticed = [];
    const respawned = [];
    for (let i = 0; i < runs; i += 1) {
      own.push(await ownStartTime(handPort));
      project.seen.add(pid);
      const killedAt = performance.now();
      const killedAtEpoch = Date.now();
      process.kill(pid, 'SIGKILL');
      const answer = await waitForAnswer(port, pid);
      recover.push(answer.at - killedAt);
      const recent = (await events(project)).filter((event) => event.service === 'web' && event.time >= killedAtEpoch - 5);
      const exit = recent.find((event) => event.type === 'exit' && event.exit.pid === pid);
      const spawned = recent.find((event) => event.type === 'spawn' && event.pid === answer.pid);
      if (exit !== undefined) noticed.push(exit.time - killedAtEpoch);
      if (exit !== undefined && spawned !== undefined) respawned.push(spawned.time - exit.time);
      pid = answer.pid;
      project.seen.add(pid);
      // A restart by hand resets the backoff, so every run measures the first restart after a crash.
      await project.cli(['restart', 'web']);
      pid = (await waitForAnswer(port, pid)).pid;
      await sleep(200);
    }
    const overhead = median(recover) - median(own);
    return {
      id: 'restart',
      title: 'kill -9 → port accepts again',
      unit: 'ms',
      value: round(median(recover), 1),
      baseline: round(median(own), 1),
      baselineLabel: 'server’s own start',
      ratio: round(median(recover) / median(own), 2),
      target: '< start + 100 ms',
      met: overhead < 100,
      details: {
        recover_ms: summary(recover, 1),
        own_start_ms: summary(own, 1),
        overhead_ms: round(overhead, 1),
        kill_to_exit_noticed_ms: noticed.length > 0 ? summary(noticed, 0) : null,
        exit_to_respawn_ms: respawned.length > 0 ? summary(respawned, 0) : null,
      },
    };
  } finally {
    await project.teardown();
  }
}
