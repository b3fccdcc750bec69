// The overlap between a tail read and a follower started just before it: shown once, never twice, never lost.
import { describe, expect, it } from 'vitest';
import { createOverlapFilter } from '../../src/daemon/log-overlap.js';
import type { OutputLine } from '../../src/supervisor/types.js';

const line = (time: number, text: string, stream: OutputLine['stream'] = 'stdout'): OutputLine => ({ service: 'api', stream, line: text, time });
const shown = (tail: OutputLine[], followed: OutputLine[]): string[] => {
  const keep = createOverlapFilter(tail);
  return followed.filter(keep).map((each) => each.line);
};

describe('createOverlapFilter', () => {
  it('shows everything after an empty tail', () => {
    expect(shown([], [line(1, 'a'), line(1, 'b')])).toEqual(['a', 'b']);
  });

  it('drops followed lines older than the tail’s last and keeps newer ones', () => {
    const tail = [line(10, 'a'), line(20, 'b'), line(30, 'c')];
    expect(shown(tail, [line(20, 'b'), line(30, 'c'), line(31, 'd'), line(40, 'e')])).toEqual(['d', 'e']);
  });

  it('matches lines of the same millisecond in order', () => {
    const tail = [line(10, 'a'), line(30, 'x'), line(30, 'y')];
    // The follower started after x: it sees y (already shown), then z (new) in the same millisecond.
    expect(shown(tail, [line(30, 'y'), line(30, 'z'), line(31, 'w')])).toEqual(['z', 'w']);
    // It started before x: both were shown.
    expect(shown(tail, [line(30, 'x'), line(30, 'y'), line(30, 'z')])).toEqual(['z']);
    // It started after y: nothing of that millisecond was in the file yet except what the tail had.
    expect(shown(tail, [line(30, 'z'), line(30, 'y')])).toEqual(['z', 'y']);
  });

  it('tells the streams apart', () => {
    const tail = [line(30, 'same', 'stdout')];
    expect(shown(tail, [line(30, 'same', 'stderr')])).toEqual(['same']);
  });

  it('lets everything through once a line proved new', () => {
    const tail = [line(30, 'x')];
    expect(shown(tail, [line(31, 'new'), line(5, 'clock went back'), line(30, 'x')])).toEqual(['new', 'clock went back', 'x']);
  });
});
