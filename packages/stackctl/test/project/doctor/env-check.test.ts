// The env check on real files: a .env missing a key, a missing .env, a wrong @type, a declared env_file that does not exist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctor, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const EXAMPLE = '# @type url\nDATABASE_URL=postgres://localhost/app\nAPI_KEY=\n# @type port\nPORT=4000\n';

describe('env check', () => {
  it('fails listing the keys of the example that .env lacks, leaves empty or gets wrong', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    env_file: .env\n',
      '.env.example': EXAMPLE,
      '.env': 'DATABASE_URL=postgres://localhost/app\nPORT=http\n',
    });
    const entries = findings(await doctor(root, { checks: ['env'] }), 'env');
    expect(entries).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: '.env: API_KEY missing and PORT not a port (1-65535) (@type port) (against .env.example)',
        fix: 'stackctl env setup asks for the missing values, or `stackctl env set API_KEY=VALUE`',
      }),
    ]);
    fs.appendFileSync(path.join(root, '.env'), 'API_KEY=k\n');
    fs.writeFileSync(path.join(root, '.env'), fs.readFileSync(path.join(root, '.env'), 'utf8').replace('PORT=http', 'PORT=4000'));
    expect(findings(await doctor(root, { checks: ['env'] }), 'env')).toEqual([
      expect.objectContaining({ status: 'ok', message: '.env sets every key of the example' }),
    ]);
  });

  it('fails for a missing env file that has an example, with the env setup form that picks it', async () => {
    const root = project({
      'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    cwd: ./api\n    env_file: [api/.env, api/.env.local]\n',
      'api/.env.example': EXAMPLE,
      'api/.env.local.example': 'DEBUG=1\n',
    });
    const entries = findings(await doctor(root, { checks: ['env'] }), 'env');
    expect(entries.map((entry) => [entry.status, entry.message, entry.fix])).toEqual([
      ['fail', 'api/.env is missing (api/.env.example lists 3 keys)', 'stackctl env setup --service api creates it from api/.env.example'],
      ['fail', 'api/.env.local is missing (api/.env.local.example lists 1 key)', 'stackctl env setup --file api/.env.local creates it from api/.env.local.example'],
    ]);
  });

  it('fails for a declared env_file without an example that does not exist; ignores a .env nobody declared', async () => {
    const root = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n    env_file: secrets.env\n' });
    const report = await doctor(root, { checks: ['config', 'env'] });
    expect(findings(report, 'env')).toEqual([
      expect.objectContaining({ status: 'fail', message: 'secrets.env does not exist (env_file of api)', fix: 'create secrets.env, or remove it from services.api.env_file' }),
    ]);
    // The config check leaves the missing file to the env check.
    expect(findings(report, 'config').map((entry) => entry.status)).toEqual(['ok']);
  });
});
