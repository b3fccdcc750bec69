// Unit tests of the /proc/<pid>/stat, cmdline and btime parsers on hand-made samples.
import { describe, expect, it } from 'vitest';
import { parseBootTime, parseCmdline, parseProcStat } from '../../../src/system/process-table/index.js';
import { statLine } from './fake-proc.js';

describe('parseProcStat', () => {
  it('reads the fields stackctl uses from a real-looking line', () => {
    const line =
      '4426 (cat) R 4424 4424 3751 0 -1 4194304 99 0 0 0 7 3 0 0 20 0 1 0 30449 3133440 408 ' +
      '18446744073709551615 94793393360896 94793393380777 140732157372112 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n';
    expect(parseProcStat(line)).toEqual({
      pid: 4426,
      comm: 'cat',
      state: 'R',
      ppid: 4424,
      pgid: 4424,
      utimeTicks: 7,
      stimeTicks: 3,
      startTicks: 30449,
      rssPages: 408,
    });
  });

  it('splits at the last `)` so a comm with spaces and parentheses is kept whole', () => {
    const line = statLine({ pid: 77, comm: 'my ) (evil) name)', state: 'S', ppid: 5, pgid: 70, startTicks: 123 });
    const stat = parseProcStat(line);
    expect(stat?.comm).toBe('my ) (evil) name)');
    expect(stat).toMatchObject({ pid: 77, state: 'S', ppid: 5, pgid: 70, startTicks: 123 });
  });

  it('keeps a comm that is empty or only spaces', () => {
    expect(parseProcStat(statLine({ pid: 9, comm: '' }))?.comm).toBe('');
    expect(parseProcStat(statLine({ pid: 9, comm: ' ) ' }))?.comm).toBe(' ) ');
  });

  it('returns null for malformed or truncated text', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 cat S 1 1')).toBeNull();
    expect(parseProcStat('12 (cat) S 1 1 1 0')).toBeNull();
    expect(parseProcStat('x (cat) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0')).toBeNull();
  });
});

describe('parseCmdline', () => {
  it('splits NUL-separated arguments and drops the final NUL', () => {
    expect(parseCmdline('node\0server.js\0--port\x003000\0')).toEqual(['node', 'server.js', '--port', '3000']);
  });

  it('keeps an empty argument and a title rewritten without NULs', () => {
    expect(parseCmdline('node\0\0x\0')).toEqual(['node', '', 'x']);
    expect(parseCmdline('nginx: worker process')).toEqual(['nginx: worker process']);
  });

  it('returns [] for an empty cmdline (kernel threads, zombies)', () => {
    expect(parseCmdline('')).toEqual([]);
  });
});

describe('parseBootTime', () => {
  it('finds the btime line among the others', () => {
    expect(parseBootTime('cpu  1 2 3\nintr 5 6\nbtime 1795721527\nprocesses 4434\n')).toBe(1795721527);
  });

  it('returns null when btime is missing', () => {
    expect(parseBootTime('cpu  1 2 3\n')).toBeNull();
  });
});
