// Disk and permission failures become stable codes with the path and a hint, also where no writer mapped them (the CLI's safety net).
import { describe, expect, it } from 'vitest';
import { toStackctlError } from '../../src/cli/report-error.js';
import { ERROR_CODES, fileSystemError } from '../../src/errors/index.js';

/** What Node throws: an Error with `code`, `syscall` and (for most calls) `path`. */
function errno(code: string, file?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${file ?? ''}'`), { code, syscall: 'open', ...(file === undefined ? {} : { path: file }) });
}

describe('fileSystemError', () => {
  it('a full disk (ENOSPC, EDQUOT) is E_DISK_FULL, naming the file and the folder to free space on', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const error = fileSystemError(errno(code), '/p/.stackctl/.gitignore', 'write');
      expect(error).toMatchObject({ code: 'E_DISK_FULL', message: `cannot write /p/.stackctl/.gitignore: no space left on the disk (${code})` });
      expect(error?.hint).toContain('df -h /p/.stackctl');
    }
  });

  it('a read-only file system is E_STATE_DIR_UNWRITABLE saying so; EACCES and EPERM say permission denied', () => {
    expect(fileSystemError(errno('EROFS', '/p/.stackctl/logs/daemon.out'), undefined, 'open')).toMatchObject({
      code: 'E_STATE_DIR_UNWRITABLE',
      message: 'cannot open /p/.stackctl/logs/daemon.out: the file system is read-only (EROFS)',
    });
    for (const code of ['EACCES', 'EPERM']) {
      const error = fileSystemError(errno(code, '/p/.stackctl/logs'), undefined, 'create');
      expect(error).toMatchObject({ code: 'E_STATE_DIR_UNWRITABLE', message: `cannot create /p/.stackctl/logs: permission denied (${code})` });
      expect(error?.hint).toContain('chown');
    }
  });

  it('anything else is not its business (null), and both codes exit 1', () => {
    expect(fileSystemError(errno('ENOENT', '/p/x'))).toBeNull();
    expect(fileSystemError(new Error('plain'))).toBeNull();
    expect([ERROR_CODES.E_DISK_FULL.exitCode, ERROR_CODES.E_STATE_DIR_UNWRITABLE.exitCode]).toEqual([1, 1]);
  });
});

describe('toStackctlError (the CLI safety net)', () => {
  it('maps a raw ENOSPC anywhere, and EROFS/EACCES inside .stackctl/, instead of calling them a bug', () => {
    expect(toStackctlError(errno('ENOSPC', '/anywhere/file')).code).toBe('E_DISK_FULL');
    expect(toStackctlError(errno('ENOSPC')).code).toBe('E_DISK_FULL');
    expect(toStackctlError(errno('EROFS', '/p/.stackctl/logs/daemon.out')).code).toBe('E_STATE_DIR_UNWRITABLE');
    expect(toStackctlError(errno('EACCES', '/p/.stackctl')).code).toBe('E_STATE_DIR_UNWRITABLE');
  });

  it('leaves other errors E_INTERNAL (a permission error outside .stackctl/ is not the state folder)', () => {
    expect(toStackctlError(errno('EACCES', '/etc/shadow')).code).toBe('E_INTERNAL');
    expect(toStackctlError(errno('ENOENT', '/p/.stackctl/x')).code).toBe('E_INTERNAL');
  });
});
