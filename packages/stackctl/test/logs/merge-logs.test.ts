// k-way merge of services' lines: sorted by time, nothing lost or added, each service's order kept, ties stable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeLogs } from '../../src/logs/merge-logs.js';
import type { OutputLine } from '../../src/supervisor/types.js';

const at = (service: string, time: number, line = `${service}@${time}`): OutputLine => ({
  service,
  stream: 'stdout',
  line,
  time,
});

/** One service's lines: times in order, with many repeats, each line numbered within its service. */
const serviceLines = (service: string): fc.Arbitrary<OutputLine[]> =>
  fc
    .array(fc.integer({ min: 0, max: 20 }), { maxLength: 40 })
    .map((times) => [...times].sort((a, b) => a - b).map((time, n) => at(service, time, `${service}#${n}`)));

describe('mergeLogs', () => {
  it('orders by time, and equal times by source, each source in its own order', () => {
    const api = [at('api', 1, 'a1'), at('api', 5, 'a2'), at('api', 5, 'a3')];
    const web = [at('web', 0, 'w1'), at('web', 5, 'w2'), at('web', 9, 'w3')];
    const db = [at('db', 5, 'd1')];
    expect(mergeLogs([api, web, db]).map((l) => l.line)).toEqual(['w1', 'a1', 'a2', 'a3', 'w2', 'd1', 'w3']);
  });

  it('handles no sources, empty sources and a single source', () => {
    expect(mergeLogs([])).toEqual([]);
    expect(mergeLogs([[], []])).toEqual([]);
    const only = [at('api', 3), at('api', 1)];
    expect(mergeLogs([[], only])).toEqual(only);
  });

  it('returns a time-sorted permutation of the input that keeps every service in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }).chain((k) =>
          fc.tuple(...Array.from({ length: k }, (_, i) => serviceLines(`s${i}`))),
        ),
        (sources) => {
          const merged = mergeLogs(sources);
          // Sorted by time.
          for (let i = 1; i < merged.length; i++) expect(merged[i - 1]!.time).toBeLessThanOrEqual(merged[i]!.time);
          // A permutation: the same lines (each one is unique by its text), no more, no fewer.
          expect(merged).toHaveLength(sources.reduce((n, s) => n + s.length, 0));
          expect(new Set(merged)).toEqual(new Set(sources.flat()));
          // Each service's lines in their original order.
          sources.forEach((source, i) => {
            expect(merged.filter((line) => line.service === `s${i}`)).toEqual(source);
          });
          // Stable across sources: at equal times, the earlier source comes first.
          for (let i = 1; i < merged.length; i++) {
            const [a, b] = [merged[i - 1]!, merged[i]!];
            if (a.time === b.time) expect(Number(a.service.slice(1))).toBeLessThanOrEqual(Number(b.service.slice(1)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a source that is out of order in its own order', () => {
    const skewed = [at('api', 5, 'a1'), at('api', 2, 'a2')];
    const merged = mergeLogs([skewed, [at('web', 3, 'w1')]]).map((l) => l.line);
    expect(merged.indexOf('a1')).toBeLessThan(merged.indexOf('a2'));
    expect(merged).toHaveLength(3);
  });
});
