// ensureStateDir on real files: folders and files narrowed to their owner, the .gitignore repaired when empty or wrong, written whole.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureStateDir, STATE_DIR_GITIGNORE } from '../../src/project/state-dir.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dirs = new TempDirs('stackctl-state-dir-');
afterEach(() => dirs.removeAll());

const mode = (file: string): number => fs.lstatSync(file).mode & 0o777;

describe('ensureStateDir', () => {
  it('creates .stackctl/ and logs/ as 0700 with a 0600 .gitignore that ignores everything', () => {
    const root = dirs.create();
    const state = ensureStateDir(root);
    expect([mode(state.root), mode(state.logsDir)]).toEqual([0o700, 0o700]);
    const ignoreFile = path.join(state.root, '.gitignore');
    expect(fs.readFileSync(ignoreFile, 'utf8')).toBe(STATE_DIR_GITIGNORE);
    expect(mode(ignoreFile)).toBe(0o600);
  });

  it('narrows what existed wider (0755 folders, 0644 and 0666 files, a FIFO), leaves the owner bits and symlinked files alone', () => {
    const root = dirs.create();
    const state = path.join(root, '.stackctl');
    fs.mkdirSync(path.join(state, 'logs'), { recursive: true });
    fs.mkdirSync(path.join(state, 'backups'));
    fs.writeFileSync(path.join(state, 'logs', 'api.log'), 'SECRET\n');
    fs.writeFileSync(path.join(state, 'backups', 'db.sql'), 'data\n');
    fs.writeFileSync(path.join(root, 'outside.txt'), 'public\n');
    fs.symlinkSync(path.join(root, 'outside.txt'), path.join(state, 'link'));
    for (const [file, wide] of [[state, 0o755], [path.join(state, 'logs'), 0o775], [path.join(state, 'backups'), 0o755], [path.join(state, 'logs', 'api.log'), 0o644], [path.join(state, 'backups', 'db.sql'), 0o666], [path.join(root, 'outside.txt'), 0o644]] as const) {
      fs.chmodSync(file, wide);
    }
    ensureStateDir(root);
    expect([mode(state), mode(path.join(state, 'logs')), mode(path.join(state, 'backups'))]).toEqual([0o700, 0o700, 0o700]);
    expect([mode(path.join(state, 'logs', 'api.log')), mode(path.join(state, 'backups', 'db.sql'))]).toEqual([0o600, 0o600]);
    expect(mode(path.join(root, 'outside.txt'))).toBe(0o644);
  });

  it.each([
    ['empty (a full disk cut the first write)', ''],
    ['without a `*` line', 'node_modules\n'],
    ['a `*` only in a comment', '# *\n'],
  ])('repairs a .gitignore that is %s', (_label, content) => {
    const root = dirs.create();
    fs.mkdirSync(path.join(root, '.stackctl'));
    fs.writeFileSync(path.join(root, '.stackctl', '.gitignore'), content);
    ensureStateDir(root);
    expect(fs.readFileSync(path.join(root, '.stackctl', '.gitignore'), 'utf8')).toBe(STATE_DIR_GITIGNORE);
  });

  it('keeps a .gitignore that ignores everything, whatever else it says', () => {
    const root = dirs.create();
    fs.mkdirSync(path.join(root, '.stackctl'));
    fs.writeFileSync(path.join(root, '.stackctl', '.gitignore'), '# mine\n*\n!keep.txt\n');
    ensureStateDir(root);
    expect(fs.readFileSync(path.join(root, '.stackctl', '.gitignore'), 'utf8')).toBe('# mine\n*\n!keep.txt\n');
  });
});
