// End-to-end: the bash completion script from the built CLI, loaded in a real bash where no `stackctl` is on PATH (an npx install).
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { TempProjects } from './temp-project.js';

const projects = new TempProjects();
afterEach(() => projects.cleanUpAll());

const hasBash = spawnSync('bash', ['--version']).status === 0;
/** A PATH with the shell's basics and no stackctl (nor node: the script names both by absolute path). */
const BARE_PATH = '/usr/bin:/bin';

describe('stackctl completion --help', () => {
  it('says how to install the script, through npx too', async () => {
    const p = projects.create('services: {}\n');
    const { code, stdout } = await runCli(['completion', '--help'], { cwd: p.dir });
    expect(code).toBe(0);
    expect(stdout).toContain('$ source <(stackctl completion bash)          in ~/.bashrc');
    expect(stdout).toContain('Through npx (no stackctl on PATH)');
    expect(stdout).toContain('source <(npx stackctl completion bash)');
  });
});

describe.runIf(hasBash)('stackctl completion bash, without stackctl on PATH', () => {
  it('completes commands and service names through the stackctl that wrote it, and defines the stackctl command', async () => {
    expect(spawnSync('bash', ['-c', 'type -P stackctl'], { env: { PATH: BARE_PATH } }).status, 'a stackctl on the bare PATH').not.toBe(0);
    const p = projects.create('services:\n  api: { command: node a.js }\n  worker: { command: node w.js }\n');
    const generated = await runCli(['completion', 'bash'], { cwd: p.dir });
    expect(generated.code, generated.stderr).toBe(0);
    const script = path.join(p.dir, 'completion.bash');
    writeFileSync(script, generated.stdout);

    const session = `source "$1"
COMP_WORDS=(stackctl lo); COMP_CWORD=1; _stackctl_complete; echo "commands: \${COMPREPLY[*]}"
COMP_WORDS=(stackctl logs ""); COMP_CWORD=2; _stackctl_complete; echo "services: \${COMPREPLY[*]}"
echo "type: $(type -t stackctl)"
stackctl --version`;
    const out = execFileSync('bash', ['--norc', '--noprofile', '-c', session, 'bash', script], { cwd: p.dir, env: { PATH: BARE_PATH, HOME: p.dir }, encoding: 'utf8' });
    const [commands, services, type, version] = out.trim().split('\n');
    expect(commands).toBe('commands: logs');
    expect(services).toBe('services: api worker');
    expect(type).toBe('type: function');
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
