// iTerm2 through osascript: a tab per service in the current window, named after the service. Not yet verified on macOS.
import { appleScriptString } from './applescript-string.js';
import { serviceList, servicesToOpen } from './launch-request.js';
import { osascriptArgv, tabShellCommand } from './macos-terminal-launcher.js';
import type { TerminalLauncher } from './terminal-launcher.js';

export const iterm2Launcher: TerminalLauncher = {
  id: 'iterm2',
  label: 'iTerm2',
  requires: 'macOS with osascript and iTerm2',
  detect: (env) => env.platform === 'darwin' && env.which('osascript') !== undefined,
  plan(request) {
    const services = servicesToOpen(request);
    const lines = [
      'tell application "iTerm2"',
      'activate',
      'if (count of windows) is 0 then create window with default profile',
      'tell current window',
      ...services.flatMap((service) => [
        'set stackctlTab to (create tab with default profile)',
        'tell current session of stackctlTab',
        `set name to ${appleScriptString(service.name)}`,
        `write text ${appleScriptString(tabShellCommand(request.projectRoot, service))}`,
        'end tell',
      ]),
      'end tell',
      'end tell',
    ];
    return {
      launcher: 'iterm2',
      steps: [{ kind: 'run', argv: osascriptArgv(lines) }],
      summary: `iTerm2: a tab per service following its output (${serviceList(services)})`,
      hint: 'closing a tab leaves the service running; stop the stack with: stackctl stop',
      record: { version: 1, launcher: 'iterm2', services: services.map((service) => service.name) },
    };
  },
};
