// What a config module imports from 'stackctl' (defineConfig and the unit helpers), without the engine behind the full library.
export { defineConfig } from './define-config.js';
export { parseDuration, parseSize, formatDuration, formatSize } from './durations.js';
