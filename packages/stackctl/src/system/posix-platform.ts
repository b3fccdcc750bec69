// POSIX platform: every service leads its own process group, so one signal reaches its whole process tree.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { StackctlError } from '../errors/index.js';
import { attachProcess } from './attach-process.js';
import { nudgeFifo, openFifoReader } from './fifo.js';
import type { OutputPaths, Platform } from './platform.js';
import { cgroupWrapper, waitForWrapperExec } from './cgroup/index.js';
import { assertRunnable, spawnChild } from './spawn-child.js';

export function createPosixPlatform(): Platform {
  return {
    spawn(spec) {
      // A string goes through the shell, which stays the group leader; an argv list runs directly.
      const [file, ...args] = typeof spec.command === 'string' ? ['/bin/sh', '-c', spec.command] : spec.command;
      if (file === undefined || file === '') {
        throw new StackctlError('E_SPAWN_FAILED', 'cannot start an empty command');
      }
      // detached: the child calls setsid(), so its pid is also its process group id.
      if (spec.cgroup === undefined || process.platform !== 'linux') return spawnChild(spec, file, args, { detached: true });
      // The wrapper shell would turn a missing program into exit 127: fail the spawn as without it.
      assertRunnable(spec, file);
      const wrapped = cgroupWrapper(spec.cgroup, file, args);
      const child = spawnChild(spec, wrapped.file, wrapped.args, { detached: true });
      waitForWrapperExec(child.pid);
      return child;
    },
    attach(target) {
      const { output } = target;
      const streams = output === null ? null : openReaders(output);
      // The process was already gone when we opened the FIFOs: without a writer coming and going, no EOF.
      const nudge = () => {
        if (output !== null) [output.stdout, output.stderr].forEach(nudgeFifo);
      };
      return attachProcess(target, streams, nudge);
    },
    signalGroup(pid, signal) {
      assertGroupId(pid);
      return sendSignal(-pid, signal);
    },
    signalProcess(pid, signal) {
      assertGroupId(pid);
      return sendSignal(pid, signal);
    },
    groupAlive(pid) {
      assertGroupId(pid);
      try {
        process.kill(-pid, 0);
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
      return process.platform === 'linux' ? hasLiveMember(pid) : true;
    },
  };
}

/** Both FIFOs reopened for reading: what was written while nobody read comes first, in order. */
function openReaders(output: OutputPaths): { stdout: Readable; stderr: Readable } {
  const stdout = openFifoReader(output.stdout);
  try {
    return { stdout, stderr: openFifoReader(output.stderr) };
  } catch (error) {
    stdout.destroy();
    throw error;
  }
}

/**
 * kill(2) for a pid (or a group as -pgid): false when nothing is left to signal (ESRCH); EPERM
 * counts as delivered, since a process we may not signal (it changed user) is not gone.
 */
function sendSignal(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true;
    throw error;
  }
}

/** -0 is our own group and -1 is every process we may signal (and 1 is init): never let either through. */
function assertGroupId(pid: number): void {
  if (!Number.isInteger(pid) || pid <= 1) {
    throw new StackctlError('E_INTERNAL', `refusing to signal process group ${pid}`);
  }
}

/**
 * Zombies still count for kill(-pgid, 0). Orphaned descendants are reaped by PID 1, and in a
 * container whose PID 1 does not reap, a killed grandchild stays a zombie forever: so on Linux a
 * group is alive only while /proc shows a member that is not a zombie.
 */
function hasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
