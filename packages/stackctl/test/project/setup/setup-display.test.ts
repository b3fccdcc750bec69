// The task list display: line formats, the width limit on a terminal, start and end lines in a pipe, redraws in place.
import { describe, expect, it } from 'vitest';
import { SetupDisplay, renderSetupLine } from '../../../src/cli/commands/setup-display.js';
import { createPalette } from '../../../src/output/colors.js';
import type { SetupTask, TaskResult } from '../../../src/project/setup/index.js';

const plain = createPalette(false);
const task = (name: string, id = name.replace(/\W+/g, '-')): SetupTask => ({ id, name, kind: 'env', tool: 'dotenv', services: [], file: '/x/.env', example: '/x/.env.example' });
const result = (status: TaskResult['status'], reason: string | null, durationMs = 0): TaskResult => ({ status, reason, durationMs, outputTail: [] });
const row = (name: string, startedAt: number | null, lastLine = '', ended: TaskResult | null = null) => ({ task: task(name), startedAt, lastLine, result: ended });

describe('renderSetupLine', () => {
  it('shows each state as the task list does', () => {
    expect(renderSetupLine(row('deps: api (npm)', null), 0, 0, plain)).toBe('· deps: api (npm)');
    expect(renderSetupLine(row('deps: api (npm)', 1000, 'added 12 packages'), 3, 3500, plain)).toBe('⠸ deps: api (npm) 2.5s  added 12 packages');
    expect(renderSetupLine(row('deps: api (npm)', 0, '', result('done', null, 12_300)), 0, 0, plain)).toBe('✓ deps: api (npm) 12.3s');
    expect(renderSetupLine(row('env: .env', 0, '', result('done', 'created from .env.example', 4)), 0, 0, plain)).toBe('✓ env: .env 4ms  created from .env.example');
    expect(renderSetupLine(row('deps: web (npm)', 0, '', result('skipped', 'up to date')), 0, 0, plain)).toBe('– deps: web (npm) up to date');
    expect(renderSetupLine(row('deps: worker (pnpm)', 0, '', result('failed', 'pnpm is not installed')), 0, 0, plain)).toBe('✗ deps: worker (pnpm) failed: pnpm is not installed');
  });

  it('cuts the last output line so a redrawn line never wraps, and dims it when colours are on', () => {
    const line = renderSetupLine(row('deps: api (npm)', 0, 'x'.repeat(200)), 0, 1000, plain, 40);
    expect(line).toBe(`⠋ deps: api (npm) 1s  ${'x'.repeat(17)}…`);
    expect(line.length).toBe(40);
    expect(renderSetupLine(row('deps: a-very-long-folder-name (npm)', 0, 'some output'), 0, 1000, plain, 40)).toBe('⠋ deps: a-very-long-folder-name (npm) 1s');
    expect(renderSetupLine(row('deps: api (npm)', 0, 'output'), 0, 1000, createPalette(true))).toContain('\u001b[2moutput\u001b[22m');
  });
});

describe('SetupDisplay', () => {
  it('in a pipe prints one line when a task starts and one when it ends (skipped tasks only end), no output lines', () => {
    const written: string[] = [];
    const tasks = [task('env: .env'), task('setup: worker')];
    const display = new SetupDisplay(tasks, { write: (text) => written.push(text), tty: false, palette: plain });
    display.handle({ type: 'end', task: tasks[0] as SetupTask, result: result('skipped', 'up to date') });
    display.handle({ type: 'start', task: tasks[1] as SetupTask, at: 0 });
    display.handle({ type: 'output', task: tasks[1] as SetupTask, line: 'compiling' });
    display.handle({ type: 'end', task: tasks[1] as SetupTask, result: result('failed', 'exited with code 3', 20) });
    display.stop();
    expect(written.join('')).toBe('– env: .env up to date\n→ setup: worker\n✗ setup: worker failed: exited with code 3\n');
  });

  it('on a terminal redraws every task in place: cursor up over the previous frame, each line cleared', () => {
    const written: string[] = [];
    const tasks = [task('deps: . (npm)'), task('setup: worker')];
    let now = 0;
    const display = new SetupDisplay(tasks, { write: (text) => written.push(text), tty: true, palette: plain, columns: () => 60, now: () => now });
    display.handle({ type: 'start', task: tasks[0] as SetupTask, at: 0 });
    display.handle({ type: 'output', task: tasks[0] as SetupTask, line: 'resolving' });
    now = 1500;
    display.handle({ type: 'end', task: tasks[0] as SetupTask, result: result('done', null, 1500) });
    display.stop();
    expect(written[0]).toBe('\r\u001b[2K· deps: . (npm)\n\r\u001b[2K· setup: worker\n');
    expect(written[1]).toBe('\u001b[2A\r\u001b[2K⠋ deps: . (npm) 0ms\n\r\u001b[2K· setup: worker\n');
    expect(written.at(-1)).toBe('\u001b[2A\r\u001b[2K✓ deps: . (npm) 1.5s\n\r\u001b[2K· setup: worker\n');
  });
});
