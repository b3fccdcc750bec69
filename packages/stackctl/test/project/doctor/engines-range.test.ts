// The engines.node matcher: each supported form against node-semver's reading of it, unsupported forms, and what to install.
import { describe, expect, it } from 'vitest';
import { parseEnginesRange, parseVersion, satisfies, suggestedVersion, type Version } from '../../../src/project/doctor/engines-range.js';

function check(range: string, version: string): boolean {
  const parsed = parseEnginesRange(range);
  const v = parseVersion(version);
  if (parsed === null || v === null) throw new Error(`cannot parse ${range} / ${version}`);
  return satisfies(v, parsed);
}

describe('parseVersion', () => {
  it('reads x.y.z with an optional v and drops pre-release tags', () => {
    expect(parseVersion('20.11.1')).toEqual([20, 11, 1]);
    expect(parseVersion('v18.0.0')).toEqual([18, 0, 0]);
    expect(parseVersion('23.0.0-nightly20240101abc')).toEqual([23, 0, 0]);
    expect(parseVersion('20.1')).toBeNull();
    expect(parseVersion('latest')).toBeNull();
  });
});

describe('parseEnginesRange and satisfies', () => {
  const cases: [range: string, inside: string[], outside: string[]][] = [
    ['>=18', ['18.0.0', '20.11.1', '99.0.0'], ['17.9.9', '16.0.0']],
    ['>=18.17', ['18.17.0', '18.20.1', '20.0.0'], ['18.16.9']],
    ['>= 18.17.1', ['18.17.1'], ['18.17.0']],
    ['>18', ['19.0.0'], ['18.99.0']],
    ['>18.2.3', ['18.2.4'], ['18.2.3']],
    ['<20', ['19.9.9'], ['20.0.0']],
    ['<=20', ['20.99.1'], ['21.0.0']],
    ['<=20.1.2', ['20.1.2'], ['20.1.3']],
    ['^20', ['20.0.0', '20.11.1'], ['19.9.9', '21.0.0']],
    ['^20.5', ['20.5.0', '20.99.0'], ['20.4.9', '21.0.0']],
    ['^20.5.1', ['20.5.1', '20.6.0'], ['20.5.0', '21.0.0']],
    ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0', '0.2.2']],
    ['^0.0.3', ['0.0.3'], ['0.0.4']],
    ['~20.5', ['20.5.0', '20.5.9'], ['20.6.0', '20.4.0']],
    ['~20.5.2', ['20.5.2', '20.5.9'], ['20.5.1', '20.6.0']],
    ['~20', ['20.0.0', '20.9.9'], ['21.0.0']],
    ['20.x', ['20.0.0', '20.11.1'], ['21.0.0', '19.9.9']],
    ['20.5.x', ['20.5.3'], ['20.6.0']],
    ['20.*', ['20.1.1'], ['21.0.0']],
    ['20', ['20.11.1'], ['21.0.0']],
    ['20.11.1', ['20.11.1'], ['20.11.2']],
    ['v20', ['20.1.0'], ['18.0.0']],
    ['*', ['0.0.1', '22.0.0'], []],
    ['', ['22.0.0'], []],
    ['^18 || ^20', ['18.3.0', '20.1.0'], ['19.0.0', '21.0.0']],
    ['>=18 <21', ['18.0.0', '20.99.0'], ['17.0.0', '21.0.0']],
    ['>=14.17 <15 || >=16', ['14.17.0', '16.0.0', '22.0.0'], ['14.16.0', '15.0.0']],
    ['18.x || 20.x || >=22', ['18.1.0', '22.4.0'], ['19.0.0', '21.5.0']],
  ];
  for (const [range, inside, outside] of cases) {
    it(`"${range}"`, () => {
      for (const version of inside) expect(check(range, version), `${version} in ${range}`).toBe(true);
      for (const version of outside) expect(check(range, version), `${version} not in ${range}`).toBe(false);
    });
  }

  it('gives up (null) on forms it does not handle', () => {
    for (const range of ['1.2.3 - 2.3.4', '>=20.0.0-rc.1', 'latest', 'node >= 18', '>=18,<20', '=>18']) {
      expect(parseEnginesRange(range), range).toBeNull();
    }
  });
});

describe('suggestedVersion', () => {
  const suggest = (range: string): string | null => {
    const parsed = parseEnginesRange(range);
    if (parsed === null) throw new Error(range);
    return suggestedVersion(parsed);
  };

  it('names the major when the newest of that major matches', () => {
    expect(suggest('>=22')).toBe('22');
    expect(suggest('^20.5')).toBe('20');
    expect(suggest('20.x')).toBe('20');
    expect(suggest('>21')).toBe('22');
  });

  it('names a minor or an exact version when the range is narrower', () => {
    expect(suggest('~18.2')).toBe('18.2');
    expect(suggest('>=18.2 <18.5')).toBe('18.2');
    expect(suggest('18.2.4')).toBe('18.2.4');
  });

  it('prefers the newest alternative and reads upper bounds', () => {
    expect(suggest('^18 || ^22')).toBe('22');
    expect(suggest('<18')).toBe('17');
    expect(suggest('<=16')).toBe('16');
  });

  it('is null when nothing can match', () => {
    expect(suggest('>=20 <18')).toBeNull();
  });

  it('always suggests a version that satisfies the range', () => {
    for (const range of ['>=22', '^20.5', '~18.2', '>=18.2 <18.5', '^18 || ^22', '<18', '>=14.17 <15 || >=16']) {
      const parsed = parseEnginesRange(range);
      const text = suggest(range);
      if (parsed === null || text === null) throw new Error(range);
      // What `nvm install <text>` installs: the newest release of that major (or minor).
      const [major = 0, minor, patch] = text.split('.').map(Number);
      const installed: Version = [major, minor ?? 9999, patch ?? 9999];
      expect(satisfies(installed, parsed), `${text} for ${range}`).toBe(true);
    }
  });
});
