// `stackctl setup`: its flags and help text; the implementation is imported lazily.
import type { Command } from 'commander';
import type { CommonOf, ProgramIO } from './program.js';

export function registerSetup(_program: Command, _io: ProgramIO, _common: CommonOf): void {
  // Registered in a later change.
}
