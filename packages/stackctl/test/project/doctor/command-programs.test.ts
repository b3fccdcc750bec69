// Which programs a service command runs: argv lists, shell strings with operators, quotes, assignments and builtins.
import { describe, expect, it } from 'vitest';
import { commandPrograms, splitShell } from '../../../src/project/doctor/command-programs.js';

describe('commandPrograms', () => {
  it('takes the first word of a simple command, and argv[0] of a list', () => {
    expect(commandPrograms('npm run dev')).toEqual(['npm']);
    expect(commandPrograms(['node', 'server.js'])).toEqual(['node']);
    expect(commandPrograms('nonexistent-tool-xyz serve')).toEqual(['nonexistent-tool-xyz']);
  });

  it('skips env assignments, env/exec prefixes and builtins', () => {
    expect(commandPrograms('PORT=3000 NODE_ENV=dev node server.js')).toEqual(['node']);
    expect(commandPrograms('exec uvicorn main:app')).toEqual(['uvicorn']);
    expect(commandPrograms('env -i FOO=1 python3 app.py')).toEqual(['python3']);
    expect(commandPrograms('cd api && npm run dev')).toEqual(['npm']);
    expect(commandPrograms('export X=1; source .venv/bin/activate; flask run')).toEqual(['flask']);
    expect(commandPrograms(['env', 'A=1', 'bun', 'dev'])).toEqual(['bun']);
  });

  it('lists each program of a pipeline or list once, in order', () => {
    expect(commandPrograms('redis-server --port 6380 & node worker.js | tee out.log; node other.js')).toEqual(['redis-server', 'node', 'tee']);
    expect(commandPrograms('make build || make fallback')).toEqual(['make']);
  });

  it('leaves out words it cannot know ($VAR, backquotes) and keeps paths as written', () => {
    expect(commandPrograms('$PYTHON app.py')).toEqual([]);
    expect(commandPrograms('./bin/server --port 1')).toEqual(['./bin/server']);
    expect(commandPrograms('"/opt/my tools/run" x')).toEqual(['/opt/my tools/run']);
  });
});

describe('splitShell', () => {
  it('removes quotes, keeps escaped spaces, drops redirections and comments', () => {
    expect(splitShell(`node 'a b' "c d" e\\ f 2>&1 > out.log # note`)).toEqual([['node', 'a b', 'c d', 'e f', 'out.log']]);
    expect(splitShell('a && b || c; d | e & f\ng')).toEqual([['a'], ['b'], ['c'], ['d'], ['e'], ['f'], ['g']]);
    expect(splitShell('(cd x && y)')).toEqual([['cd', 'x'], ['y']]);
  });
});
