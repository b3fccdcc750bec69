// `__complete` candidates (commands, flags, service names) from the real command tree, and the completion scripts' syntax.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runComplete } from '../../src/cli/commands/completion.js';
import { buildProgram } from '../../src/cli/program.js';
import { completionScript } from '../../src/cli/completion/shell-scripts.js';
import { serviceNames } from '../../src/cli/completion/service-names.js';

const project = mkdtempSync(path.join(os.tmpdir(), 'stackctl-complete-'));
writeFileSync(path.join(project, 'stackctl.yaml'), 'services:\n  api: { command: node a.js }\n  web:\n    command: npm run dev\n    port: nope\n');
mkdirSync(path.join(project, 'sub'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function complete(...words: string[]): string[] {
  const program = buildProgram({ stdout: () => {}, stderr: () => {}, isTTY: false, exitCode: 0 }, '0.0.0');
  let out = '';
  runComplete({ program, words, stdout: (text) => (out += text), cwd: path.join(project, 'sub') });
  return out.split('\n').filter(Boolean);
}

describe('__complete', () => {
  it('offers the visible commands, not the hidden ones', () => {
    const commands = complete('');
    expect(commands).toEqual(expect.arrayContaining(['up', 'start', 'stop', 'status', 'logs', 'init', 'completion', 'daemon']));
    expect(commands).not.toContain('__complete');
    expect(commands).not.toContain('__daemon');
    expect(complete('st')).toEqual(['start', 'stop', 'status']);
  });

  it('offers the flags of logs and the global ones', () => {
    const flags = complete('logs', '--');
    expect(flags).toEqual(expect.arrayContaining(['--follow', '--lines', '--since', '--grep', '--timestamps', '--json', '--config']));
    expect(complete('logs', '--f')).toEqual(['--follow']);
  });

  it('offers service names from the nearest config (read without validation), not repeating those typed', () => {
    expect(complete('logs', '')).toEqual(['api', 'web']);
    expect(complete('logs', 'api', '')).toEqual(['web']);
    expect(complete('restart', 'w')).toEqual(['web']);
    expect(complete('run', 'api', '')).toEqual([]);
  });

  it('skips a flag value and offers nothing for it (the shell completes files)', () => {
    expect(complete('logs', '-n', '')).toEqual([]);
    expect(complete('logs', '-n', '20', '')).toEqual(['api', 'web']);
    expect(complete('--config', '')).toEqual([]);
  });

  it('descends into subcommands and fixed choices', () => {
    expect(complete('daemon', '')).toEqual(['status', 'stop']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('reads -c and never fails: no config means no service names', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'stackctl-complete-none-'));
    try {
      expect(serviceNames(empty)).toEqual([]);
      expect(serviceNames(empty, path.join(project, 'stackctl.yaml'))).toEqual(['api', 'web']);
      expect(serviceNames(empty, 'missing.yaml')).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('completion scripts', () => {
  const self = { node: '/opt/node 20/bin/node', script: "/home/ann/it's/bin/stackctl.cjs" };

  it('with the stackctl that wrote them: run where none is on PATH, quoted for the shell', () => {
    const quoted = "'/opt/node 20/bin/node' '/home/ann/it'\\''s/bin/stackctl.cjs'";
    const bash = completionScript('bash', self);
    execFileSync('bash', ['-n'], { input: bash });
    expect(bash).toContain(`if type -P stackctl >/dev/null 2>&1; then command stackctl "$@"; else ${quoted} "$@"; fi`);
    expect(bash).toContain(`  stackctl() { ${quoted} "$@"; }`);
    expect(completionScript('zsh', self)).toContain(`if (( $+commands[stackctl] )); then command stackctl "$@"; else ${quoted} "$@"; fi`);
    expect(completionScript('fish', self)).toContain(`        ${quoted} $argv`);
  });

  it('bash: valid syntax, calls back __complete', () => {
    const script = completionScript('bash');
    execFileSync('bash', ['-n'], { input: script });
    expect(script).toContain('_stackctl_run __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}"');
    expect(script).toContain('complete -o default -F _stackctl_complete stackctl');
  });

  it('zsh: a #compdef function calling back __complete', () => {
    const script = completionScript('zsh');
    expect(script.split('\n')[0]).toBe('#compdef stackctl');
    expect(script).toContain('_stackctl_run __complete -- "${(@)words[2,CURRENT]}"');
    expect(script).toContain('compdef _stackctl stackctl');
  });

  it('fish: a complete -c rule calling back __complete with the current token', () => {
    const script = completionScript('fish');
    expect(script).toContain('__stackctl_run __complete -- $words[2..-1] "$current"');
    expect(script).toContain("complete -c stackctl -f -a '(__stackctl_complete)'");
  });
});
