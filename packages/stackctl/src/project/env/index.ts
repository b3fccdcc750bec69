// Public surface of `.env` handling: the line-preserving document, example annotations, rules, setup and files.
export * from './dotenv-document.js';
export * from './annotations.js';
export * from './env-rules.js';
export * from './env-setup.js';
export * from './env-files.js';
export * from './config-env-files.js';
