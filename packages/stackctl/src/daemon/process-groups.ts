// The members of several process groups at once, from one pass over Linux /proc (for the metrics sampler).
import { readFileSync } from 'node:fs';
import { listPidDirs } from '../system/process-table/linux-process-table.js';
import { parseProcStat } from '../system/process-table/parse-proc-stat.js';

/** PIDs of the living members of each group asked for (ascending; empty for a group with none). */
export type ProcessGroupsReader = (pgids: readonly number[]) => ReadonlyMap<number, readonly number[]>;

/*
 * Why not ProcessTable.groupMembers per group: each call reads the stat file of every process on
 * the machine, so sampling N services read /proc N times every tick. One pass answers for all.
 */

/** Reads `<procRoot>/<pid>/stat` once per process; zombies are left out, as groupMembers does. */
export function linuxProcessGroups(procRoot = '/proc'): ProcessGroupsReader {
  return (pgids) => {
    const groups = new Map<number, number[]>(pgids.map((pgid) => [pgid, []]));
    for (const entry of listPidDirs(procRoot)) {
      let text: string;
      try {
        text = readFileSync(`${procRoot}/${entry}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile, or not ours to read
      }
      const stat = parseProcStat(text);
      if (stat === null || stat.state === 'Z' || stat.state === 'X') continue;
      groups.get(stat.pgid)?.push(stat.pid);
    }
    for (const members of groups.values()) members.sort((a, b) => a - b);
    return groups;
  };
}
