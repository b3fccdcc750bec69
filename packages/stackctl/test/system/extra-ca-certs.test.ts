// NODE_EXTRA_CA_CERTS deferred: moved back into the environment, and read once for https checks.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFERRED_CA_ENV } from '../../src/system/extra-ca-certs.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-ca-');
afterEach(() => {
  dirs.removeAll();
  vi.resetModules();
});

/** A fresh copy of the module: what it remembers is per process. */
const freshModule = () => import('../../src/system/extra-ca-certs.js');

describe('restoreExtraCaCerts and deferredCaOptions', () => {
  it('puts the variable back and trusts Node\'s roots plus the file, read once', async () => {
    const { restoreExtraCaCerts, deferredCaOptions } = await freshModule();
    const file = path.join(dirs.create(), 'dev-ca.pem');
    writeFileSync(file, 'PEM OF THE DEV CA');
    const env: Record<string, string | undefined> = { PATH: '/bin', [DEFERRED_CA_ENV]: file };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: file });
    expect(deferredCaOptions(['ROOT 1', 'ROOT 2'])).toEqual({ ca: ['ROOT 1', 'ROOT 2', 'PEM OF THE DEV CA'] });
    writeFileSync(file, 'CHANGED');
    expect(deferredCaOptions(['ROOT 1', 'ROOT 2'])).toEqual({ ca: ['ROOT 1', 'ROOT 2', 'PEM OF THE DEV CA'] });
  });

  it('changes nothing when nothing was deferred: Node\'s defaults apply', async () => {
    const { restoreExtraCaCerts, deferredCaOptions } = await freshModule();
    const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/already/loaded.pem' };
    restoreExtraCaCerts(env);
    expect(env).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/already/loaded.pem' });
    expect(deferredCaOptions(['ROOT'])).toEqual({});
  });

  it('an unreadable file adds nothing to the roots, as Node itself only warns', async () => {
    const { restoreExtraCaCerts, deferredCaOptions } = await freshModule();
    restoreExtraCaCerts({ [DEFERRED_CA_ENV]: path.join(dirs.create(), 'missing.pem') });
    expect(deferredCaOptions(['ROOT'])).toEqual({ ca: ['ROOT'] });
  });
});
