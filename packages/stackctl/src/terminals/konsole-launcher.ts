// Konsole: a tab per service titled after it, running its viewer directly (`-e` takes the rest as argv). Not yet verified on KDE.
import { serviceList, servicesToOpen } from './launch-request.js';
import { isDesktopUnix } from './linux-desktop.js';
import type { TerminalLauncher } from './terminal-launcher.js';

/** `-p tabtitle=…` is a profile property list (`;` separates properties) and a format (`%` codes): both become `_`. */
export function konsoleTabTitle(service: string): string {
  return service.replace(/[;%]/g, '_');
}

export const konsoleLauncher: TerminalLauncher = {
  id: 'konsole',
  label: 'Konsole',
  requires: 'konsole on PATH and a display (DISPLAY or WAYLAND_DISPLAY)',
  detect: (env) => isDesktopUnix(env) && env.which('konsole') !== undefined,
  plan(request) {
    const services = servicesToOpen(request);
    return {
      launcher: 'konsole',
      steps: services.map((service) => ({
        kind: 'run',
        argv: ['konsole', '--new-tab', '-p', `tabtitle=${konsoleTabTitle(service.name)}`, '--workdir', request.projectRoot, '-e', ...service.command],
      })),
      summary: `Konsole: a tab per service following its output (${serviceList(services)})`,
      hint: 'closing a tab leaves the service running; stop the stack with: stackctl stop',
      record: { version: 1, launcher: 'konsole', services: services.map((service) => service.name) },
    };
  },
};
