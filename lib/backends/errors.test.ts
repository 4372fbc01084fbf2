import { describe, expect, it, vi } from 'vitest';
import { BackendError, HTTP_STATUS_FOR_CODE, BACKEND_ERROR_CODES, scrubSecrets, toClientError } from './errors';

describe('toClientError', () => {
  it('keeps code, message and the backend detail of a BackendError', () => {
    const err = new BackendError('conflict', 'Cannot start the VM.', {
      detail: '[Cannot run VM. VM is running.]',
      status: 409,
      cause: new Error('socket stuff'),
    });
    expect(toClientError(err)).toEqual({
      code: 'conflict',
      message: 'Cannot start the VM.',
      detail: '[Cannot run VM. VM is running.]',
    });
  });

  it('has no stack or cause', () => {
    const client = toClientError(new BackendError('timeout', 'slow', { cause: new Error('x') }));
    expect(Object.keys(client).sort()).toEqual(['code', 'message']);
  });

  it('hides the message of foreign errors', () => {
    expect(toClientError(new Error('ECONNREFUSED 10.0.0.1:5432 password=hunter2'))).toEqual({
      code: 'backend_error',
      message: expect.not.stringContaining('hunter2'),
    });
  });

  it('maps a DOM AbortError to cancelled', () => {
    expect(toClientError(new DOMException('aborted', 'AbortError')).code).toBe('cancelled');
  });

  it.each([
    ['URL credentials', 'failed https://admin:s3cret@engine.example/ovirt-engine', 's3cret'],
    ['bearer tokens', 'Authorization: Bearer eyJhbGciOi.abc.def', 'eyJhbGciOi'],
    ['form passwords', 'grant_type=password&username=u&password=hunter2', 'hunter2'],
    ['JSON tokens', '{"access_token":"tok-123","exp":"1"}', 'tok-123'],
    ['Keystone headers', 'X-Subject-Token: gAAAAAB', 'gAAAAAB'],
  ])('scrubs %s', (_title, text, secret) => {
    expect(scrubSecrets(text)).not.toContain(secret);
    expect(toClientError(new BackendError('backend_error', text, { detail: text })).detail).not.toContain(secret);
  });

  it('has an HTTP status for every code', () => {
    for (const code of BACKEND_ERROR_CODES) expect(HTTP_STATUS_FOR_CODE[code]).toBeGreaterThanOrEqual(400);
  });
});

describe('BackendError across bundled copies of this module', () => {
  it('a refusal thrown by another copy keeps its code and words for the browser', async () => {
    vi.resetModules();
    // A query string makes the loader evaluate the module a second time, as Next's bundles do.
    const other = (await import(/* @vite-ignore */ `./errors?copy=${Date.now()}`)) as typeof import('./errors');
    expect(other.BackendError).not.toBe(BackendError);
    const foreign = new other.BackendError('conflict', 'The VM console has no address yet. Is the VM running?');
    expect(foreign).toBeInstanceOf(BackendError);
    expect(toClientError(foreign)).toEqual({ code: 'conflict', message: 'The VM console has no address yet. Is the VM running?' });
  });

  it('subclasses still check their own prototype', async () => {
    class Narrow extends BackendError {}
    expect(new BackendError('conflict', 'x') instanceof Narrow).toBe(false);
    expect(new Narrow('conflict', 'x') instanceof BackendError).toBe(true);
    expect(new Error('plain') instanceof BackendError).toBe(false);
  });
});
