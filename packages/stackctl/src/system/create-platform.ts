// Picks the platform adapter for the operating system stackctl runs on.
import type { Platform } from './platform.js';
import { createPosixPlatform } from './posix-platform.js';
import { createWindowsPlatform } from './windows-platform.js';

export function createPlatform(platform: NodeJS.Platform = process.platform): Platform {
  return platform === 'win32' ? createWindowsPlatform() : createPosixPlatform();
}
