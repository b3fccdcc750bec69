// Test data: a launch request whose project path, service names and commands hold spaces, quotes, `$`, backticks and backslashes.
import type { LaunchRequest } from '../../src/terminals/index.js';

export const NASTY_ROOT = `/home/o'neil/my "stack" $HOME \`x\``;
export const NASTY_NAME = `we"b $x's`;

export const nastyRequest: LaunchRequest = {
  project: 'demo.app',
  projectRoot: NASTY_ROOT,
  services: [
    { name: 'api', command: ['/opt/node dir/bin/node', `${NASTY_ROOT}/bin/stackctl.js`, 'logs', '-f', 'api'] },
    { name: NASTY_NAME, command: ['/opt/node dir/bin/node', `${NASTY_ROOT}/bin/stackctl.js`, 'logs', '-f', NASTY_NAME, 'back\\slash', ''] },
  ],
};
