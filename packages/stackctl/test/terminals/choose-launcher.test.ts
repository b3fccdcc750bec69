// Terminal detection: which launcher each environment gets, what `--terminal` does, and the message when none fits.
import { describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import { chooseLauncher, type LauncherChoice, type TerminalId } from '../../src/terminals/index.js';
import { fakeEnv, type FakeEnvOptions } from './fake-terminal-env.js';

function chosenId(choice: LauncherChoice): TerminalId | 'none' {
  return choice.kind === 'chosen' ? choice.launcher.id : 'none';
}

const X11 = { DISPLAY: ':0' };

describe('chooseLauncher (auto-detection)', () => {
  it.each<[string, FakeEnvOptions, TerminalId | 'none']>([
    ['inside tmux', { vars: { TMUX: '/tmp/tmux-1000/default,123,0' }, programs: ['tmux'] }, 'tmux'],
    ['inside tmux in a VS Code terminal', { vars: { TMUX: '/tmp/t,1,0', TERM_PROGRAM: 'vscode' }, programs: ['tmux'] }, 'tmux'],
    ['VS Code / Cursor terminal', { vars: { TERM_PROGRAM: 'vscode' }, programs: ['tmux'] }, 'vscode'],
    ['VS Code on Windows', { platform: 'win32', vars: { TERM_PROGRAM: 'vscode', WT_SESSION: 'x' }, programs: ['wt'] }, 'vscode'],
    ['iTerm2 on macOS', { platform: 'darwin', vars: { TERM_PROGRAM: 'iTerm.app' }, programs: ['osascript', 'tmux'] }, 'iterm2'],
    ['Apple Terminal on macOS', { platform: 'darwin', vars: { TERM_PROGRAM: 'Apple_Terminal' }, programs: ['osascript', 'tmux'] }, 'macos-terminal'],
    ['macOS without osascript but with tmux', { platform: 'darwin', programs: ['tmux'] }, 'tmux'],
    ['Linux server with tmux', { programs: ['tmux'] }, 'tmux'],
    ['Linux desktop with tmux and gnome-terminal', { vars: X11, programs: ['tmux', 'gnome-terminal'] }, 'tmux'],
    ['in GNOME Terminal', { vars: { ...X11, GNOME_TERMINAL_SCREEN: '/org/gnome/Terminal/screen/1' }, programs: ['tmux', 'gnome-terminal'] }, 'gnome-terminal'],
    ['in Konsole on Wayland', { vars: { WAYLAND_DISPLAY: 'wayland-0', KONSOLE_VERSION: '230804' }, programs: ['tmux', 'konsole'] }, 'konsole'],
    ['Linux desktop, no tmux, gnome-terminal', { vars: X11, programs: ['gnome-terminal'] }, 'gnome-terminal'],
    ['Linux desktop, no tmux, konsole', { vars: X11, programs: ['konsole'] }, 'konsole'],
    ['gnome-terminal without a display', { programs: ['gnome-terminal'] }, 'none'],
    ['in Konsole but konsole not on PATH', { vars: { ...X11, KONSOLE_VERSION: '1' }, programs: ['tmux'] }, 'tmux'],
    ['Windows Terminal', { platform: 'win32', vars: { WT_SESSION: 'abc' }, programs: ['wt'] }, 'windows-terminal'],
    ['Windows console with wt installed', { platform: 'win32', programs: ['wt'] }, 'windows-terminal'],
    ['Windows with tmux somehow on PATH', { platform: 'win32', programs: ['tmux'] }, 'none'],
    ['TMUX set but tmux missing', { vars: { TMUX: '/tmp/t,1,0' } }, 'none'],
    ['nothing at all', {}, 'none'],
  ])('%s → %s', (_, options, expected) => {
    expect(chosenId(chooseLauncher(fakeEnv(options)))).toBe(expected);
  });

  it('says what was chosen, why, and how to pick another', () => {
    const choice = chooseLauncher(fakeEnv({ vars: { TMUX: '/tmp/t,1,0' }, programs: ['tmux'] }));
    expect(choice.kind === 'chosen' && choice.message).toBe('separate terminals: tmux, inside tmux (TMUX is set); pick another with --terminal vscode');
  });

  it('explains a fallback when nothing fits, naming what was tried', () => {
    const choice = chooseLauncher(fakeEnv({ programs: [] }));
    expect(choice.kind).toBe('unavailable');
    if (choice.kind !== 'unavailable') return;
    expect(choice.message).toMatch(/^no terminal found to open a tab per service/);
    expect(choice.message).toContain('tmux: needs tmux on PATH');
    expect(choice.message).toContain('gnome-terminal: needs gnome-terminal on PATH and a display');
    expect(choice.hint).toBe("showing every service's output here instead; install tmux, or pick one that works here with --terminal vscode");
    expect(choice.tried.map((entry) => entry.id)).toEqual(['tmux', 'vscode', 'macos-terminal', 'iterm2', 'gnome-terminal', 'konsole', 'windows-terminal']);
  });
});

describe('chooseLauncher (--terminal)', () => {
  const linuxDesktop = fakeEnv({ vars: X11, programs: ['tmux', 'gnome-terminal'] });

  it.each<[string, TerminalId]>([
    ['tmux', 'tmux'],
    ['vscode', 'vscode'],
    ['Cursor', 'vscode'],
    ['gnome-terminal', 'gnome-terminal'],
  ])('--terminal %s → %s', (requested, expected) => {
    const choice = chooseLauncher(linuxDesktop, requested);
    expect(chosenId(choice)).toBe(expected);
    expect(choice.kind === 'chosen' && choice.because).toBe('requested with --terminal');
  });

  it('reports a requested terminal that is not usable here, with the ones that are', () => {
    const choice = chooseLauncher(linuxDesktop, 'wt');
    expect(choice).toMatchObject({
      kind: 'unavailable',
      requested: 'windows-terminal',
      message: 'Windows Terminal cannot be used here: it needs Windows with wt on PATH',
      hint: "showing every service's output here instead; install tmux, or pick one that works here with --terminal tmux|vscode|gnome-terminal",
    });
  });

  it('rejects an unknown terminal as bad usage, listing the choices', () => {
    let error: unknown;
    try {
      chooseLauncher(linuxDesktop, 'xterm');
    } catch (caught) {
      error = caught;
    }
    expect(isStackctlError(error) && [error.code, error.message, error.hint]).toEqual([
      'E_USAGE',
      'unknown terminal "xterm"',
      'pick one of: --terminal tmux|vscode|macos-terminal|iterm2|gnome-terminal|konsole|windows-terminal',
    ]);
  });
});
