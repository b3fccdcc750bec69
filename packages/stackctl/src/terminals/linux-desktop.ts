// Whether a Linux (or BSD) desktop session can show new terminal windows: a display server is named in the environment.
import type { TerminalEnv } from './terminal-launcher.js';

export function hasDisplay(env: TerminalEnv): boolean {
  return (env.vars.DISPLAY ?? '') !== '' || (env.vars.WAYLAND_DISPLAY ?? '') !== '';
}

export function isDesktopUnix(env: TerminalEnv): boolean {
  return env.platform !== 'win32' && env.platform !== 'darwin' && hasDisplay(env);
}
