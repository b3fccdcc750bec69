// The resolved config the CLI hands a new daemon on its stdin: written whole, read back the same, refused when malformed.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfigHandoff, writeConfigHandoff } from '../../src/daemon/config-handoff.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Reads the hand-off from a file standing in for the daemon's stdin. */
function readFrom(text: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-handoff-'));
  dirs.push(dir);
  const file = path.join(dir, 'stdin');
  writeFileSync(file, text);
  const fd = openSync(file, 'r');
  try {
    return readConfigHandoff(fd);
  } finally {
    closeSync(fd);
  }
}

describe('config hand-off', () => {
  it('reads back exactly the config written', async () => {
    const config = makeConfig(
      makeService({ name: 'api', env: { SECRET: 's3cr€t', EMPTY: '' }, ports: [4000, 9229], health: { check: { kind: 'http', url: 'http://127.0.0.1:4000/', expectStatus: [200] }, intervalMs: 2000, timeoutMs: 1000, retries: 3, startPeriodMs: 0 } }),
      makeService({ name: 'db', command: ['postgres', '-D', 'data'], dependsOn: { api: 'started' } }),
    );
    const pipe = new PassThrough();
    const chunks: Buffer[] = [];
    pipe.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => pipe.on('end', resolve));
    writeConfigHandoff(pipe, config);
    await ended;
    expect(readFrom(Buffer.concat(chunks).toString('utf8'))).toEqual(config);
  });

  it.each([
    ['nothing', ''],
    ['not JSON', '{"project":'],
    ['another shape', '{"project":"x"}'],
  ])('refuses %s with E_INTERNAL', (_, text) => {
    expect(() => readFrom(text)).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });

  it('ignores a reader that is gone (a daemon that lost the lock race)', async () => {
    const pipe = new PassThrough();
    pipe.destroy();
    expect(() => writeConfigHandoff(pipe, makeConfig(makeService({ name: 'api' })))).not.toThrow();
  });
});
