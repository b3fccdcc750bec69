// macOS Terminal.app through osascript: a window per service running its viewer, titled after the service. Not yet verified on macOS.
import { appleScriptString } from './applescript-string.js';
import { serviceList, servicesToOpen } from './launch-request.js';
import { posixCommandLine, quotePosix } from './shell-quote.js';
import type { LaunchService, TerminalLauncher } from './terminal-launcher.js';

/** The shell line typed into the new tab (read by the user's login shell: sh, bash, zsh or fish). */
export function tabShellCommand(projectRoot: string, service: LaunchService): string {
  return `cd ${quotePosix(projectRoot)} && exec ${posixCommandLine(service.command)}`;
}

/** `osascript -e line -e line …`: every value inside the script is an escaped AppleScript string literal. */
export function osascriptArgv(lines: readonly string[]): string[] {
  return ['osascript', ...lines.flatMap((line) => ['-e', line])];
}

export const macosTerminalLauncher: TerminalLauncher = {
  id: 'macos-terminal',
  label: 'macOS Terminal',
  requires: 'macOS with osascript',
  detect: (env) => env.platform === 'darwin' && env.which('osascript') !== undefined,
  plan(request) {
    const services = servicesToOpen(request);
    // `do script` opens a new window (tabs would need GUI scripting permissions); it returns the tab, which we title.
    const lines = [
      'tell application "Terminal"',
      'activate',
      ...services.flatMap((service) => [
        `set stackctlTab to do script ${appleScriptString(tabShellCommand(request.projectRoot, service))}`,
        `set custom title of stackctlTab to ${appleScriptString(service.name)}`,
      ]),
      'end tell',
    ];
    return {
      launcher: 'macos-terminal',
      steps: [{ kind: 'run', argv: osascriptArgv(lines) }],
      summary: `macOS Terminal: a window per service following its output (${serviceList(services)})`,
      hint: 'closing a window leaves the service running; stop the stack with: stackctl stop',
      record: { version: 1, launcher: 'macos-terminal', services: services.map((service) => service.name) },
    };
  },
};
