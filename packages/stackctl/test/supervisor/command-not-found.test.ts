// Unit tests of recognising a missing program (shell messages, the command's program) and the hint at what would provide it.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandProgram, notFoundHint, notFoundProgram } from '../../src/supervisor/command-not-found.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-notfound-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
    if (file.includes('/bin/')) chmodSync(path.join(dir, file), 0o755);
  }
  return dir;
}

describe('notFoundProgram', () => {
  it.each([
    ['sh: 1: uvicorn: not found', 'uvicorn'],
    ['/bin/sh: 1: uvicorn: not found', 'uvicorn'],
    ['bash: vite: command not found', 'vite'],
    ['/bin/sh: line 1: vite: command not found', 'vite'],
    ['zsh: command not found: next', 'next'],
  ])('reads %j', (line, program) => {
    expect(notFoundProgram(line)).toBe(program);
  });

  it('ignores other lines', () => {
    expect(notFoundProgram('GET /favicon.ico 404 not found')).toBeNull();
    expect(notFoundProgram('listening on 3000')).toBeNull();
  });
});

describe('commandProgram', () => {
  it('is the first word of a shell string past assignments, or argv[0]', () => {
    expect(commandProgram('uvicorn app:main --port 8000')).toBe('uvicorn');
    expect(commandProgram('PORT=3000 DEBUG=1 exec node server.js')).toBe('node');
    expect(commandProgram(['python', 'manage.py'])).toBe('python');
  });
});

describe('notFoundHint', () => {
  it('names the virtualenv that has it (in the folder or above)', () => {
    const dir = project({ 'backend/.venv/bin/uvicorn': '#!/bin/sh\n' });
    expect(notFoundHint('uvicorn', path.join(dir, 'backend'))).toBe('it is in the virtualenv ./.venv: run `./.venv/bin/uvicorn`, or `uv run uvicorn …`');
    expect(notFoundHint('uvicorn', path.join(dir, 'backend', 'app'))).toMatch(/virtualenv \.\.\/\.venv/);
  });

  it('names node_modules/.bin, or npm install when package.json asks for it and it is not installed', () => {
    const installed = project({ 'node_modules/.bin/vite': '#!/bin/sh\n', 'package.json': '{}' });
    expect(notFoundHint('vite', installed)).toMatch(/^it is in \.\/node_modules\/\.bin: run it as `npx vite`/);
    const fresh = project({ 'package.json': JSON.stringify({ devDependencies: { vite: '^5' }, scripts: { dev: 'vite' } }) });
    expect(notFoundHint('vite', fresh)).toMatch(/package\.json asks for it: run `npm install`/);
  });

  it('suggests setting up a Python project, and says nothing when nothing nearby would provide it', () => {
    const python = project({ 'pyproject.toml': '[project]\nname = "x"\n' });
    expect(notFoundHint('uvicorn', python)).toMatch(/Python project .*`stackctl setup`.*`uv run uvicorn …`/);
    expect(notFoundHint('definitely-not-here', project({}))).toBeNull();
  });
});
