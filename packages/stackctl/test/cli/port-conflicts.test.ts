// The CLI side of a held port: the E_PORT_IN_USE error and its hint, and asking before --replace stops anything.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { confirmReplace, isYes, portInUseError, stopCommand, type ReplaceTarget } from '../../src/cli/port-conflicts.js';
import { isStackctlError } from '../../src/errors/index.js';

const NOW = 1_700_000_000_000;
const holderJson = { pid: 8123, command: '/usr/bin/node server.js', cwd: `${os.homedir()}/proj/api`, started_at: NOW - 2 * 3_600_000, port: 4000 };

describe('portInUseError', () => {
  it('is null when no failure is about a held port', () => {
    expect(portInUseError([{ name: 'api', reason: 'exited with code 1' }])).toBeNull();
    expect(portInUseError(undefined)).toBeNull();
  });

  it('names the holder as the issue shows it, with the --adopt / --replace hint', () => {
    const error = portInUseError([{ name: 'api', reason: 'whatever the host said', code: 'E_PORT_IN_USE', holder: holderJson }], NOW);
    expect(error?.code).toBe('E_PORT_IN_USE');
    expect(error?.message).toBe('port 4000 is held by pid 8123 (node server.js, started 2h ago in ~/proj/api)');
    expect(error?.hint).toBe('stackctl start api --adopt to track it, or --replace to stop it and start api');
  });

  it('lists further held ports as details; a holder it cannot act on gets a plain hint', () => {
    const error = portInUseError(
      [
        { name: 'api', reason: "port 4000 is held by a process stackctl cannot see (another user's?)", code: 'E_PORT_IN_USE' },
        { name: 'web', reason: 'dependency api failed: …' },
      ],
      NOW,
    );
    expect(error?.message).toMatch(/cannot see/);
    expect(error?.hint).toBe('free the port, or give the service another port in the config');
    const two = portInUseError(
      [
        { name: 'api', reason: 'r', code: 'E_PORT_IN_USE', holder: holderJson },
        { name: 'db', reason: 'r', code: 'E_PORT_IN_USE', holder: { ...holderJson, pid: 9, port: 5432 } },
      ],
      NOW,
    );
    expect(two?.details).toEqual([expect.stringMatching(/^db: port 5432 is held by pid 9 \(/)]);
    expect(two?.hint).toBe('stackctl start api db --adopt to track them, or --replace to stop them and start api, db');
  });
});

describe('portInUseError, the holder a service of another stackctl project', () => {
  const owned = { ...holderJson, stackctl: { project: 'shop', service: 'web', config: `${os.homedir()}/code/shop/stackctl.yaml` } };

  it('names that project and its folder, and hints at stopping it there, not at --replace', () => {
    const error = portInUseError([{ name: 'api', reason: 'r', code: 'E_PORT_IN_USE', holder: owned }], NOW);
    expect(error?.message).toBe('port 4000 is held by service web of stackctl project "shop" in ~/code/shop, pid 8123 (node server.js, started 2h ago in ~/proj/api)');
    expect(error?.hint).toMatch(/^stop it in its own project: stackctl -c \S+code\/shop\/stackctl\.yaml stop web$/);
    expect(error?.hint).not.toContain('--replace');
  });

  it('gives the config path relative to the working folder when shorter, quoted when it must be', () => {
    const config = path.join(os.tmpdir(), 'a b', 'shop', 'stackctl.yaml');
    expect(stopCommand({ project: 'shop', service: 'web', config }, path.join(os.tmpdir(), 'a b', 'mine'))).toBe('stackctl -c ../shop/stackctl.yaml stop web');
    expect(stopCommand({ project: 'shop', service: 'web', config }, '/')).toBe(`stackctl -c '${config.slice(1)}' stop web`);
    expect(stopCommand({ project: 'shop', service: 'web', config: null })).toBe('stackctl stop web (in the folder of project "shop")');
  });

  it('keeps the --adopt / --replace hint for the other holders', () => {
    const error = portInUseError(
      [
        { name: 'api', reason: 'r', code: 'E_PORT_IN_USE', holder: owned },
        { name: 'db', reason: 'r', code: 'E_PORT_IN_USE', holder: { ...holderJson, pid: 9, port: 5432 } },
      ],
      NOW,
    );
    expect(error?.hint).toMatch(/^stop it in its own project: stackctl -c \S+ stop web; stackctl start db --adopt to track it, or --replace to stop it and start db$/);
  });
});

describe('confirmReplace', () => {
  const targets: ReplaceTarget[] = [{ service: 'api', holder: { pid: 8123, command: 'node server.js', cwd: null, startedAt: null, port: 4000 } }];
  const never = async (): Promise<boolean> => {
    throw new Error('must not ask');
  };

  it('asks nothing with --yes, or when nothing holds the ports', async () => {
    await confirmReplace(targets, { yes: true, canAsk: false, ask: never, services: ['api'] });
    await confirmReplace([], { yes: false, canAsk: false, ask: never, services: ['api'] });
  });

  it('refuses with E_USAGE and the --yes hint when there is no terminal to ask on', async () => {
    const error: unknown = await confirmReplace(targets, { yes: false, canAsk: false, ask: never, services: ['api'] }).catch((e: unknown) => e);
    expect(isStackctlError(error) && [error.code, error.message, error.hint]).toEqual([
      'E_USAGE',
      '--replace would stop pid 8123 (node server.js), and there is no terminal to ask on',
      'pass --yes to confirm: stackctl start api --replace --yes',
    ]);
  });

  it('asks `Stop pid … (…)? [y/N]` and goes on only on yes', async () => {
    const asked: string[] = [];
    await confirmReplace(targets, { yes: false, canAsk: true, services: ['api'], ask: async (q) => (asked.push(q), true) });
    expect(asked).toEqual(['Stop pid 8123 (node server.js)? [y/N] ']);
    const error: unknown = await confirmReplace(targets, { yes: false, canAsk: true, services: ['api'], ask: async () => false }).catch((e: unknown) => e);
    expect(isStackctlError(error) && error.code).toBe('E_PORT_IN_USE');
  });

  it.each([
    ['y', true],
    [' YES ', true],
    ['', false],
    ['n', false],
    ['yep', false],
    [null, false],
  ])('answer %j is yes: %s', (answer, yes) => expect(isYes(answer)).toBe(yes));
});
