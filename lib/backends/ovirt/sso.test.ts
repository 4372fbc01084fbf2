import { describe, expect, it } from 'vitest';
import { renewAt, tokenExpiry } from './sso';

describe('tokenExpiry', () => {
  const now = 1_700_000_000_000;
  it.each<[string, Record<string, unknown>, number]>([
    ['exp as epoch ms string (the engine)', { exp: '1700003600000' }, 1_700_003_600_000],
    ['exp as epoch ms number', { exp: 1_700_003_600_000 }, 1_700_003_600_000],
    ['exp in epoch seconds', { exp: 1_700_003_600 }, 1_700_003_600_000],
    ['expires_in seconds', { expires_in: '3600' }, now + 3_600_000],
    ['nothing: a default lifetime', {}, now + 600_000],
  ])('%s', (_title, body, expected) => {
    expect(tokenExpiry(body, now)).toBe(expected);
  });
});

describe('renewAt', () => {
  it('renews a minute early for long tokens', () => {
    expect(renewAt(3_600_000, 0)).toBe(3_540_000);
  });
  it('renews a tenth early for short tokens', () => {
    expect(renewAt(10_000, 0)).toBe(9_000);
  });
});
