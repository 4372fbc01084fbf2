/**
 * How a test asserts that a backend refused: the call must fail with a BackendError, whose code
 * and the backend's own words (detail) the test then checks. One copy for the contracts and the
 * adapter integration tests.
 */
import { expect } from 'vitest';
import { isBackendError } from '@/lib/backends/errors';

export async function refusal(promise: Promise<unknown>): Promise<{ code: string; detail?: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, 'expected a refusal, but the call succeeded').toBeDefined();
  expect(isBackendError(error), `expected a BackendError, got ${String(error)}`).toBe(true);
  return error as { code: string; detail?: string };
}

/** A refusal as a conflict (the engine's 409/400 in its words): those words, to match against. */
export async function conflictWords(promise: Promise<unknown>): Promise<string> {
  const error = await refusal(promise);
  expect(error.code).toBe('conflict');
  return String(error.detail ?? (error as unknown as Error).message);
}
