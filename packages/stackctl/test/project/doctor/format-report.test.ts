// Pure parts of the report: human lines with fixes and the summary, the --json document, exit codes, the disk verdict.
import { describe, expect, it } from 'vitest';
import { createPalette } from '../../../src/output/colors.js';
import { formatBytes } from '../../../src/output/format-figures.js';
import { diskFinding } from '../../../src/project/doctor/checks/disk-check.js';
import type { DoctorEntry, DoctorReport } from '../../../src/project/doctor/index.js';
import { doctorExitCode, doctorJson, formatReport, summaryLine } from '../../../src/project/doctor/index.js';

const entry = (id: string, status: DoctorEntry['status'], message: string, fix: string | null = null): DoctorEntry => ({
  id,
  status,
  title: `${id} title`,
  message,
  fix,
  fixed: false,
});

function report(entries: DoctorEntry[], fixed: string[] = []): DoctorReport {
  const counts = { ok: 0, warn: 0, fail: 0 };
  for (const item of entries) counts[item.status] += 1;
  return { entries, counts, fixed };
}

const sample = report([
  entry('config', 'ok', 'stackctl.yaml is valid (3 services)'),
  entry('ports', 'fail', 'port 4000 (api) is held by pid 8123 (node server.js in ~/x)', '`kill 8123`'),
  entry('disk', 'warn', '812 MB free on /', 'free some space on /'),
]);

describe('formatReport', () => {
  it('prints a mark, the padded id and the message, a fix line under each problem, then the summary', () => {
    expect(formatReport(sample, createPalette(false), { strict: false })).toBe(
      [
        '✓ config  stackctl.yaml is valid (3 services)',
        '✗ ports   port 4000 (api) is held by pid 8123 (node server.js in ~/x)',
        '          fix: `kill 8123`',
        '! disk    812 MB free on /',
        '          fix: free some space on /',
        '',
        '1 problem, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('colours marks and the summary only when the palette is enabled', () => {
    const text = formatReport(sample, createPalette(true), { strict: false });
    expect(text).toContain('\u001b[31m✗\u001b[39m');
    expect(text).toContain('\u001b[32m✓\u001b[39m');
    expect(text).toContain('\u001b[33m!\u001b[39m');
    expect(text).toContain('\u001b[31m1 problem, 1 warning\u001b[39m');
    expect(formatReport(sample, createPalette(false), { strict: false })).not.toContain('\u001b[');
  });
});

describe('summaryLine and doctorExitCode', () => {
  it('counts problems and warnings; warnings alone exit 0 unless --strict', () => {
    const warningsOnly = report([entry('disk', 'warn', 'low')]);
    expect(summaryLine(report([entry('a', 'ok', 'fine')]), { strict: false })).toBe('no problems found');
    expect(summaryLine(warningsOnly, { strict: false })).toBe('no problems, 1 warning');
    expect(summaryLine(report([entry('a', 'fail', 'x'), entry('b', 'fail', 'y'), entry('c', 'warn', 'z'), entry('d', 'warn', 'w')]), { strict: false })).toBe(
      '2 problems, 2 warnings',
    );
    expect(doctorExitCode(warningsOnly, { strict: false })).toBe(0);
    expect(doctorExitCode(warningsOnly, { strict: true })).toBe(1);
    expect(summaryLine(warningsOnly, { strict: true })).toBe('no problems, 1 warning (--strict: warnings fail)');
    expect(doctorExitCode(sample, { strict: false })).toBe(1);
    expect(summaryLine(report([entry('a', 'ok', 'fixed: chmod 600 token')], ['chmod 600 token']), { strict: false })).toBe('no problems found (1 fixed)');
  });
});

describe('doctorJson', () => {
  it('has ok, one entry per finding with id/status/title/message/fix, and what --fix did', () => {
    expect(doctorJson(sample, { strict: false })).toEqual({
      ok: false,
      checks: [
        { id: 'config', status: 'ok', title: 'config title', message: 'stackctl.yaml is valid (3 services)', fix: null },
        { id: 'ports', status: 'fail', title: 'ports title', message: 'port 4000 (api) is held by pid 8123 (node server.js in ~/x)', fix: '`kill 8123`' },
        { id: 'disk', status: 'warn', title: 'disk title', message: '812 MB free on /', fix: 'free some space on /' },
      ],
      fixed: [],
    });
    expect(doctorJson(report([entry('disk', 'warn', 'low')]), { strict: true }).ok).toBe(false);
  });
});

describe('diskFinding', () => {
  const limits = { failBelow: 200 * 1024 ** 2, warnBelow: 1024 ** 3 };
  it('fails below 200 MB, warns below 1 GB, is fine above', () => {
    expect(diskFinding(150 * 1024 ** 2, '/', limits)).toMatchObject({ status: 'fail', message: '150 MB free on / (below 200 MB: logs and builds will fail)' });
    expect(diskFinding(812 * 1024 ** 2, '/home', limits)).toMatchObject({ status: 'warn', message: '812 MB free on /home (below 1 GB)' });
    expect(diskFinding(80 * 1024 ** 3, '/', limits)).toEqual({ status: 'ok', message: '80 GB free on /', fix: null });
    expect(diskFinding(0, '/', limits).fix).toContain('free some space on /');
  });

  it('formats sizes like df -h', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536 * 1024 ** 2)).toBe('1.5 GB');
    expect(formatBytes(1024 ** 3)).toBe('1 GB');
  });
});
