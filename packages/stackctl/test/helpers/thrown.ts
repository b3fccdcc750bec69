// What a call throws or a promise rejects with, for assertions on the error itself; fails the test when nothing is thrown.
import { expect } from 'vitest';
import { StackctlError } from '../../src/errors/index.js';

/** The error `run` throws. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error to be thrown');
}

/** The error `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The StackctlError `run` throws; fails the test when it throws anything else. */
export function thrownStackctlError(run: () => unknown): StackctlError {
  return asStackctlError(thrown(run));
}

/** The StackctlError `promise` rejects with; fails the test when it rejects with anything else. */
export async function stackctlRejection(promise: Promise<unknown>): Promise<StackctlError> {
  return asStackctlError(await rejection(promise));
}

function asStackctlError(error: unknown): StackctlError {
  expect(error).toBeInstanceOf(StackctlError);
  return error as StackctlError;
}
