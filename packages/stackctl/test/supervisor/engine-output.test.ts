// Integration tests of output capture: 10,000 lines from each of two services at once, partial last lines, stderr.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture, shellFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const harnesses = new EngineHarnesses();
afterEach(() => harnesses.disposeAll());

describe.skipIf(process.platform === 'win32')('engine output (real processes)', () => {
  it('captures 10,000 lines from each of two services at once, every line intact and attributed', async () => {
    const count = 10_000;
    const harness = harnesses.create(
      makeConfig(
        makeService({ name: 'alpha', command: nodeFixture('print-lines', count, 'alpha') }),
        makeService({ name: 'beta', command: shellFixture('print-lines', count, 'beta') }),
      ),
    );
    await harness.engine.start();
    await harness.waitForState('alpha', 'exited', { timeoutMs: 30_000 });
    await harness.waitForState('beta', 'exited', { timeoutMs: 30_000 });
    for (const name of ['alpha', 'beta']) {
      const lines = harness.lines.filter((line) => line.service === name);
      expect(lines).toHaveLength(count);
      expect(lines.every((line) => line.stream === 'stdout')).toBe(true);
      const expected = Array.from({ length: count }, (_, i) => `${name} ${i + 1}`);
      expect(lines.map((line) => line.line)).toEqual(expected);
      expect(harness.status(name).lastExit).toMatchObject({ code: 0 });
    }
  });

  it('flushes a final line that has no newline, before the exit event', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'partial', command: nodeFixture('print-lines', 3, 'x', '--partial') })),
    );
    const timeline: string[] = [];
    harness.engine.onOutput((line) => timeline.push(`line ${line.line}`));
    harness.engine.onEvent((event) => {
      if (event.type === 'exit') timeline.push('exit');
    });
    await harness.engine.start();
    await harness.waitForState('partial', 'exited');
    expect(timeline).toEqual(['line x 1', 'line x 2', 'line x 3', 'line x end', 'exit']);
  });

  it('attributes stderr lines and handles \\r\\n', async () => {
    const harness = harnesses.create(
      makeConfig(makeService({ name: 'mixed', command: `printf 'out 1\\r\\nout 2\\n'; printf 'err 1\\n' >&2` })),
    );
    await harness.engine.start();
    await harness.waitForState('mixed', 'exited');
    const byStream = (stream: string) => harness.lines.filter((l) => l.stream === stream).map((l) => l.line);
    expect(byStream('stdout')).toEqual(['out 1', 'out 2']);
    expect(byStream('stderr')).toEqual(['err 1']);
  });
});
