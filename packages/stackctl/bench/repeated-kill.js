// Benchmark 5: an HTTP service killed (-9) every 2.5 s, ten times in a row → how soon each new process accepts on its port (a dev loop's crashes).
import { BenchProject, fixture } from './lib/project.js';
import { sleep } from './lib/processes.js';
import { median, round, summary } from './lib/stats.js';
import { events, freePort, ownStartTime, waitForAnswer } from './restart-latency.js';

/** How long each new process runs (from accepting on its port) before it is killed. */
const KILL_EVERY_MS = 2_500;

export async function benchRepeatedKill({ kills = 10 } = {}) {
  const port = await freePort();
  const handPort = await freePort();
  // max_restarts raised: the crash-loop breaker stays out of it; the backoff is what is measured.
  const project = new BenchProject(
    'repeated-kill',
    `  web:\n    command: ["node", ${fixture('http-server.mjs')}]\n    port: ${port}\n    restart: on-failure\n    max_restarts: 100\n`,
  );
  try {
    const own = [];
    const noticed = [];
    const respawned = [];
    await project.cli(['start']);
    let { pid, at } = await waitForAnswer(port, -1);
    const recover = [];
    for (let i = 0; i < kills; i += 1) {
      project.seen.add(pid);
      // The baseline, interleaved: the same server started by hand while the service runs, idle.
      own.push(await ownStartTime(handPort));
      await sleep(Math.max(0, at + KILL_EVERY_MS - performance.now()));
      const killedAt = performance.now();
      const killedAtEpoch = Date.now();
      const killed = pid;
      process.kill(pid, 'SIGKILL');
      ({ pid, at } = await waitForAnswer(port, pid, 60_000));
      recover.push(at - killedAt);
      // Where the time went, from the daemon's events (epoch ms): the exit noticed, the new process spawned.
      const recent = (await events(project)).filter((event) => event.service === 'web' && event.time >= killedAtEpoch - 5);
      const exit = recent.find((event) => event.type === 'exit' && event.exit.pid === killed);
      const spawned = recent.find((event) => event.type === 'spawn' && event.pid === pid);
      if (exit !== undefined) noticed.push(exit.time - killedAtEpoch);
      if (exit !== undefined && spawned !== undefined) respawned.push(spawned.time - exit.time);
    }
    project.seen.add(pid);
    return {
      id: 'repeated-kill',
      title: `kill -9 every ${KILL_EVERY_MS / 1000}s, ${kills}× → port accepts again`,
      unit: 'ms',
      value: round(median(recover), 1),
      baseline: round(median(own), 1),
      baselineLabel: 'server’s own start',
      ratio: round(median(recover) / median(own), 2),
      target: 'median < start + 100 ms',
      met: median(recover) - median(own) < 100,
      details: {
        recover_ms: summary(recover, 1),
        each_ms: recover.map((ms) => round(ms, 0)),
        own_start_ms: summary(own, 1),
        overhead_ms: round(median(recover) - median(own), 1),
        kill_to_exit_noticed_ms: noticed.length > 0 ? summary(noticed, 0) : null,
        exit_to_respawn_ms: respawned.length > 0 ? summary(respawned, 0) : null,
      },
    };
  } finally {
    await project.teardown();
  }
}
