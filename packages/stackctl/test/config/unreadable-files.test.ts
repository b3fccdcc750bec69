// Config files that are not regular UTF-8 files of sane size: refused at once, saying what they are, never "not found", never a hang.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../src/config/config-file-read.js';
import { ConfigInvalidError, loadConfig } from '../../src/config/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

async function loadError(root: string, configPath?: string): Promise<ConfigInvalidError> {
  const started = Date.now();
  const error: unknown = await loadConfig({ cwd: root, configPath, parentEnv: {} }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  // Nothing here may block on the file: a FIFO without a writer would hang a plain read.
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error).toBeInstanceOf(ConfigInvalidError);
  return error as ConfigInvalidError;
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

describe('non-regular files as the config', () => {
  it('refuses a FIFO found by discovery', async () => {
    const root = tempProject();
    mkfifo(path.join(root, 'stackctl.yaml'));
    const error = await loadError(root);
    expect(error.code).toBe('E_CONFIG_INVALID');
    expect(error.details).toEqual(['stackctl.yaml: is a FIFO (named pipe), not a regular file']);
  });

  it('refuses a FIFO named stackctl.config.ts (no worker is started for it)', async () => {
    const root = tempProject();
    mkfifo(path.join(root, 'stackctl.config.ts'));
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.config.ts: is a FIFO (named pipe), not a regular file']);
  });

  it('refuses a FIFO given with --config', async () => {
    const root = tempProject();
    mkfifo(path.join(root, 'pipe.yaml'));
    const error = await loadError(root, 'pipe.yaml');
    expect(error.details).toEqual(['pipe.yaml: is a FIFO (named pipe), not a regular file']);
  });

  it('refuses /dev/zero given with --config', async () => {
    const error = await loadError(tempProject(), '/dev/zero');
    expect(error.message).toBe('1 problem in /dev/zero');
    expect(error.details).toEqual(['/dev/zero: is a character device, not a regular file']);
  });

  it('refuses a folder named stackctl.yaml', async () => {
    const root = tempProject({ 'stackctl.yaml/': '' });
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.yaml: is a folder, not a regular file']);
  });

  it('refuses a socket named stackctl.yaml', async () => {
    const root = tempProject();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'stackctl.yaml'), resolve));
    try {
      const error = await loadError(root);
      expect(error.details).toEqual(['stackctl.yaml: is a socket, not a regular file']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a symbolic link to nothing, naming its target', async () => {
    const root = tempProject();
    fs.symlinkSync('elsewhere.yaml', path.join(root, 'stackctl.yaml'));
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.yaml: is a symbolic link to elsewhere.yaml, which does not exist']);
  });

  it('still reads a symbolic link to a regular file', async () => {
    const root = tempProject({ 'real.yaml': 'services:\n  api: { command: x }\n' });
    fs.symlinkSync('real.yaml', path.join(root, 'stackctl.yaml'));
    const { config } = await loadConfig({ cwd: root, parentEnv: {} });
    expect(Object.keys(config.services)).toEqual(['api']);
  });

  it('keeps E_CONFIG_NOT_FOUND for a --config path where nothing exists', async () => {
    const error: unknown = await loadConfig({ cwd: tempProject(), configPath: 'missing.yaml', parentEnv: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_CONFIG_NOT_FOUND' });
  });
});

describe('contents that are not a config', () => {
  it('refuses a file over the size limit, with its size', async () => {
    const root = tempProject({ 'stackctl.yaml': `services:\n  api: { command: x }\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n` });
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.yaml: is 1.0 MB; a config file may be at most 1MB']);
  });

  it('refuses binary data, at the line of the first NUL byte', async () => {
    const root = tempProject({ 'stackctl.yaml': 'services:\n  api:\n    command: x\u0000y\n' });
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.yaml:3:1: holds binary data (a NUL byte); a config file is UTF-8 text']);
  });

  it('refuses text that is not UTF-8, at its line', async () => {
    const root = tempProject();
    fs.writeFileSync(path.join(root, 'stackctl.yaml'), Buffer.concat([Buffer.from('services:\n  api: { command: '), Buffer.from([0xe9, 0x0a])]));
    const error = await loadError(root);
    expect(error.details).toEqual(['stackctl.yaml:2:1: is not valid UTF-8 text; a config file is UTF-8 text']);
  });

  it('reads a file that starts with a byte-order mark', async () => {
    const root = tempProject({ 'stackctl.yaml': '\uFEFFservices:\n  api: { command: x }\n' });
    const { config } = await loadConfig({ cwd: root, parentEnv: {} });
    expect(Object.keys(config.services)).toEqual(['api']);
  });
});
