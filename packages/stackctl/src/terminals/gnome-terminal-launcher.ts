// GNOME Terminal: a tab per service running its viewer directly (argv after `--`, no shell). Not yet verified on a GNOME desktop.
import { serviceList, servicesToOpen } from './launch-request.js';
import { isDesktopUnix } from './linux-desktop.js';
import type { TerminalLauncher } from './terminal-launcher.js';

export const gnomeTerminalLauncher: TerminalLauncher = {
  id: 'gnome-terminal',
  label: 'GNOME Terminal',
  requires: 'gnome-terminal on PATH and a display (DISPLAY or WAYLAND_DISPLAY)',
  detect: (env) => isDesktopUnix(env) && env.which('gnome-terminal') !== undefined,
  plan(request) {
    const services = servicesToOpen(request);
    return {
      launcher: 'gnome-terminal',
      // `--tab` opens in the last active window; `--title` is honoured by older releases and ignored by newer ones.
      steps: services.map((service) => ({
        kind: 'run',
        argv: ['gnome-terminal', '--tab', '--title', service.name, `--working-directory=${request.projectRoot}`, '--', ...service.command],
      })),
      summary: `GNOME Terminal: a tab per service following its output (${serviceList(services)})`,
      hint: 'closing a tab leaves the service running; stop the stack with: stackctl stop',
      record: { version: 1, launcher: 'gnome-terminal', services: services.map((service) => service.name) },
    };
  },
};
