// Public surface of the error model.
export { StackctlError, isStackctlError, type StackctlErrorOptions } from './stackctl-error.js';
export { ERROR_CODES, type ErrorCode } from './codes.js';
export { fileSystemError, errnoCodeOf } from './file-system-error.js';
