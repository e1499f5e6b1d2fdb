/** Assertions on calls that must fail. */
import { expect } from 'vitest';
import { DrError } from '../../src/core/errors.js';

/** The DrError `promise` rejects with; the test fails when it resolves or rejects with anything else. */
export async function drErrorOf(promise: Promise<unknown>): Promise<DrError> {
  const error = await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DrError);
  return error as DrError;
}
