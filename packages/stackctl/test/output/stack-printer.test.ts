// The unified output of `up`: prefixes, stderr marker, event phrases, exit and restart on one line, timestamps.
import { describe, expect, it } from 'vitest';
import { createPalette } from '../../src/output/colors.js';
import { StackPrinter } from '../../src/output/stack-printer.js';
import { exitRecord } from '../helpers/service-status.js';

function printer(timestamps = false): { printer: StackPrinter; text: () => string } {
  const chunks: string[] = [];
  const created = new StackPrinter({
    services: ['api', 'worker'],
    palette: createPalette(false),
    timestamps,
    write: (chunk) => chunks.push(chunk),
  });
  return {
    printer: created,
    text: () => {
      created.flush();
      return chunks.join('');
    },
  };
}

const crash = exitRecord({ pid: 42, code: 1, endedAt: 1500, durationMs: 1500 });

describe('StackPrinter', () => {
  it('says a forced exit came from the stop timeout, or from what killed it at once (a second Ctrl+C)', () => {
    const forced = exitRecord({ pid: 42, code: null, signal: 'SIGKILL', endedAt: 2700, durationMs: 2700, stoppedByUs: true, forced: true });
    const { printer: out, text } = printer();
    out.event({ type: 'exit', service: 'api', time: 0, exit: forced });
    out.flush();
    out.killedBy('the second Ctrl+C');
    out.event({ type: 'exit', service: 'worker', time: 0, exit: forced });
    expect(text()).toBe('api    ◆ killed after not stopping within the stop timeout (ran 2.7s)\nworker ◆ killed by the second Ctrl+C (ran 2.7s)\n');
  });

  it('pads names to the longest and marks stderr with !', () => {
    const { printer: out, text } = printer();
    out.line({ service: 'api', stream: 'stdout', line: 'listening on 4000', time: 0 });
    out.line({ service: 'worker', stream: 'stderr', line: 'oops', time: 0 });
    expect(text()).toBe('api    | listening on 4000\nworker ! oops\n');
  });

  it('prints an exit followed by its restart as one line', async () => {
    const { printer: out, text } = printer();
    out.event({ type: 'exit', service: 'worker', time: 1500, exit: crash });
    out.event({ type: 'restart-scheduled', service: 'worker', time: 1500, delayMs: 400, attempt: 1 });
    await Promise.resolve();
    expect(text()).toBe('worker ◆ exited with code 1, restarting in 400ms\n');
  });

  it('prints an exit alone when no restart follows', async () => {
    const { printer: out, text } = printer();
    out.event({ type: 'exit', service: 'api', time: 1500, exit: crash });
    await Promise.resolve();
    expect(text()).toBe('api    ◆ exited with code 1\n');
  });

  it('describes health and failures', () => {
    const { printer: out, text } = printer();
    out.event({ type: 'health', service: 'api', time: 0, from: 'starting', to: 'healthy', sinceStartMs: 1200 });
    out.event({ type: 'state', service: 'worker', time: 0, from: 'backoff', to: 'failed', reason: 'crash loop: 6 restarts within 60s' });
    expect(text()).toBe('api    ◆ healthy after 1.2s\nworker ◆ failed: crash loop: 6 restarts within 60s\n');
  });

  it('puts the time before every line with timestamps on', () => {
    const { printer: out, text } = printer(true);
    out.line({ service: 'api', stream: 'stdout', line: 'hello', time: new Date(2026, 0, 1, 9, 5, 7, 89).getTime() });
    expect(text()).toBe('09:05:07.089 api    | hello\n');
  });
});
