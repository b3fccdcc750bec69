// Windows platform: no process groups or POSIX signals, so trees are ended with taskkill /T (untested here).
import { spawnSync } from 'node:child_process';
import { StackctlError } from '../errors/index.js';
import { attachProcess } from './attach-process.js';
import type { Platform } from './platform.js';
import { spawnChild } from './spawn-child.js';

/**
 * Limits, honestly: a non-SIGKILL stop is `taskkill /T` without /F, which console programs usually
 * ignore, so most stops end in `/F` after stop_timeout; `groupAlive` only sees the leader.
 */
export function createWindowsPlatform(): Platform {
  return {
    spawn(spec) {
      if (spec.output !== undefined) {
        throw new StackctlError('E_SPAWN_FAILED', 'output through named pipes (FIFOs) is not supported on Windows');
      }
      if (typeof spec.command === 'string') {
        return spawnChild(spec, spec.command, [], { shell: true, windowsHide: true });
      }
      const [file, ...args] = spec.command;
      if (file === undefined || file === '') {
        throw new StackctlError('E_SPAWN_FAILED', 'cannot start an empty command');
      }
      return spawnChild(spec, file, args, { windowsHide: true });
    },
    attach(target) {
      // No FIFOs here: an attached process's output cannot be reopened.
      return attachProcess(target, null);
    },
    signalGroup(pid, signal) {
      const args = ['/PID', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])];
      const result = spawnSync('taskkill', args, { windowsHide: true, stdio: 'ignore' });
      return result.status === 0;
    },
    signalProcess(pid, signal) {
      const args = ['/PID', String(pid), ...(signal === 'SIGKILL' ? ['/F'] : [])];
      const result = spawnSync('taskkill', args, { windowsHide: true, stdio: 'ignore' });
      return result.status === 0;
    },
    groupAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}
