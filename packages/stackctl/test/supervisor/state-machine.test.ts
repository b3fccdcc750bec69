// Unit tests of the service state machine: the transition table, the emitted events, illegal moves.
import { describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import { canTransition, ServiceStateMachine, TRANSITIONS } from '../../src/supervisor/state-machine.js';
import type { EngineEvent, ServiceState } from '../../src/supervisor/types.js';

const STATES: ServiceState[] = ['stopped', 'starting', 'running', 'stopping', 'exited', 'backoff', 'failed'];
const clock = { now: () => 1234, setTimeout: () => null, clearTimeout: () => {} };

/** A machine driven into `state` along legal transitions. */
function machineIn(state: ServiceState, events: EngineEvent[] = []): ServiceStateMachine {
  const machine = new ServiceStateMachine('api', clock, (event) => events.push(event));
  const path: Record<ServiceState, ServiceState[]> = {
    stopped: [],
    starting: ['starting'],
    running: ['starting', 'running'],
    stopping: ['starting', 'running', 'stopping'],
    exited: ['starting', 'running', 'exited'],
    backoff: ['starting', 'running', 'backoff'],
    failed: ['starting', 'failed'],
  };
  for (const step of path[state]) machine.transition(step);
  events.length = 0;
  return machine;
}

describe('ServiceStateMachine', () => {
  it('starts stopped', () => {
    expect(machineIn('stopped').state).toBe('stopped');
  });

  it.each(STATES.flatMap((from) => STATES.map((to) => [from, to] as const)))('%s → %s follows the table', (from, to) => {
    const events: EngineEvent[] = [];
    const machine = machineIn(from, events);
    if (canTransition(from, to)) {
      machine.transition(to, 'because');
      expect(machine.state).toBe(to);
      expect(events).toEqual([{ type: 'state', service: 'api', time: 1234, from, to, reason: 'because' }]);
    } else {
      let thrown: unknown;
      try {
        machine.transition(to);
      } catch (error) {
        thrown = error;
      }
      expect(isStackctlError(thrown) && thrown.code).toBe('E_INTERNAL');
      expect(String((thrown as Error).message)).toContain(`${from} → ${to}`);
      expect(machine.state).toBe(from);
      expect(events).toEqual([]);
    }
  });

  it('covers the documented lifecycle paths', () => {
    expect(TRANSITIONS.running).toEqual(expect.arrayContaining(['stopping', 'exited', 'backoff', 'failed']));
    expect(canTransition('backoff', 'stopped')).toBe(true);
    expect(canTransition('stopping', 'running')).toBe(false);
    expect(canTransition('stopped', 'stopping')).toBe(false);
  });

  it('lets adoption alone leave stopped for running or exited', () => {
    expect(TRANSITIONS.stopped).toEqual(['starting', 'running', 'exited']);
    const events: EngineEvent[] = [];
    machineIn('stopped', events).transition('running', 'adopted pid 42 from an earlier host');
    expect(events).toEqual([
      { type: 'state', service: 'api', time: 1234, from: 'stopped', to: 'running', reason: 'adopted pid 42 from an earlier host' },
    ]);
    const ended = machineIn('stopped');
    ended.transition('exited', 'ended while no supervisor was watching');
    expect(ended.reason).toBe('ended while no supervisor was watching');
  });

  it('keeps the reason only for failed and exited', () => {
    const machine = machineIn('running');
    machine.transition('exited', 'exited with code 0');
    expect(machine.reason).toBe('exited with code 0');
    machine.transition('starting', 'ignored');
    expect(machine.reason).toBeNull();
    machine.transition('failed', 'dependency db failed: crash');
    expect(machine.reason).toBe('dependency db failed: crash');
  });

  it('omits reason from the event when none is given', () => {
    const events: EngineEvent[] = [];
    machineIn('stopped', events).transition('starting');
    expect(events[0]).not.toHaveProperty('reason');
  });
});
