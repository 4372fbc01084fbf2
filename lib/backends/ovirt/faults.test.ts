import { describe, expect, it } from 'vitest';
import { actionFailure, errorFromAnswer, parseFault, ssoFailure } from './faults';

describe('errorFromAnswer', () => {
  const detail = '[Cannot run VM. VM web01 is already running.]';
  it.each([
    [400, 'invalid_input'],
    [401, 'auth_failed'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [405, 'invalid_input'],
    [500, 'backend_error'],
    [503, 'backend_error'],
  ])('HTTP %i → %s, keeping the engine detail', (status, code) => {
    const error = errorFromAnswer(status, JSON.stringify({ reason: 'Operation Failed', detail }));
    expect(error).toMatchObject({ code, status, detail });
    expect(error.message).toContain('Operation Failed');
  });

  it.each<[string, string, { reason?: string; detail?: string }]>([
    ['a bare fault', '{"reason":"Operation Failed","detail":"[x]"}', { reason: 'Operation Failed', detail: '[x]' }],
    ['a wrapped fault', '{"fault":{"reason":"Conflict","detail":"[y]"}}', { reason: 'Conflict', detail: '[y]' }],
    ['the XML form', '<fault><reason>Operation Failed</reason><detail>[Cannot &amp; will not]</detail></fault>', { reason: 'Operation Failed', detail: '[Cannot & will not]' }],
    ['an HTML error page', '<html><body>Proxy Error</body></html>', {}],
    ['an empty body', '', {}],
    ['broken JSON', '{"reason":', {}],
    ['a plain-text refusal', 'Moving to maintenance mode is currently only available for the VM containing the hosted engine.\n', { detail: 'Moving to maintenance mode is currently only available for the VM containing the hosted engine.' }],
  ])('parses %s', (_title, text, expected) => {
    expect(parseFault(text)).toEqual(expected);
  });
});

describe('actionFailure', () => {
  it('a 200 action with status failed and a nested fault is an error', () => {
    const error = actionFailure({ status: 'failed', fault: { reason: 'Operation Failed', detail: '[Cannot migrate VM. No host.]' } });
    expect(error).toMatchObject({ code: 'backend_error', detail: '[Cannot migrate VM. No host.]' });
  });
  it.each(['complete', 'pending', 'in_progress', undefined])('status %s is no error', (status) => {
    expect(actionFailure({ status })).toBeUndefined();
  });
});

describe('ssoFailure', () => {
  it('access_denied → auth_failed with the SSO description', () => {
    expect(ssoFailure(401, { error: 'access_denied', error_description: 'Cannot authenticate user admin@internal.' })).toMatchObject({
      code: 'auth_failed',
      detail: 'Cannot authenticate user admin@internal.',
    });
  });
  it('400 is also a refusal', () => {
    expect(ssoFailure(400, { error: 'access_denied' }).code).toBe('auth_failed');
  });
  it('the engine’s REST API form: error_code, with the words in error (HTTP 400, or 200 before 4.2)', () => {
    const body = { error_code: 'access_denied', error: "Cannot authenticate user 'admin@internal': The username or password is incorrect." };
    for (const status of [400, 200]) {
      expect(ssoFailure(status, body)).toMatchObject({ code: 'auth_failed', detail: body.error });
    }
  });
  it('error_code server_error is the engine failing, even with HTTP 400', () => {
    expect(ssoFailure(400, { error_code: 'server_error', error: 'Internal error' })).toMatchObject({ code: 'backend_error', detail: 'Internal error' });
  });
  it('5xx is the engine failing, not the credentials', () => {
    expect(ssoFailure(500, undefined).code).toBe('backend_error');
  });
});
