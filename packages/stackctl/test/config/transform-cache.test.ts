// The transform cache: used only in a private folder of this user's, keyed by the source, so an edit is transformed again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedTransform, type Transform } from '../../src/config/transform-cache.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

function countingTransform(): { transform: Transform; calls: () => number } {
  let calls = 0;
  return {
    transform: (options) => {
      calls += 1;
      return { code: `/* ${calls} */ ${options.source}` };
    },
    calls: () => calls,
  };
}

const options = (source: string) => ({ source, filename: '/project/stackctl.config.ts', ts: true, async: true });

describe('cachedTransform', () => {
  it('transforms once per source, in a 0700 folder with 0600 files', () => {
    const home = tempProject();
    const { transform, calls } = countingTransform();
    const cached = cachedTransform(transform, { XDG_CACHE_HOME: home });
    expect(cached(options('a')).code).toBe('/* 1 */ a');
    expect(cached(options('a')).code).toBe('/* 1 */ a');
    expect(calls()).toBe(1);
    expect(cached(options('b')).code).toBe('/* 2 */ b');
    const folder = path.join(home, 'stackctl', 'transforms');
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(folder);
    expect(files).toHaveLength(2);
    for (const file of files) expect(fs.statSync(path.join(folder, file)).mode & 0o777).toBe(0o600);
  });

  it('is not used when the folder is writable by others', () => {
    const home = tempProject({ 'stackctl/transforms/': '' });
    fs.chmodSync(path.join(home, 'stackctl', 'transforms'), 0o777);
    const { transform, calls } = countingTransform();
    const cached = cachedTransform(transform, { XDG_CACHE_HOME: home });
    cached(options('a'));
    cached(options('a'));
    expect(calls()).toBe(2);
    expect(fs.readdirSync(path.join(home, 'stackctl', 'transforms'))).toEqual([]);
  });

  it('gives up quietly where no folder can be made (and does not spin under /proc)', () => {
    const { transform, calls } = countingTransform();
    const cached = cachedTransform(transform, { XDG_CACHE_HOME: '/proc/no-such-folder' });
    cached(options('a'));
    cached(options('a'));
    expect(calls()).toBe(2);
  });
});
