import { describe, expect, it } from 'vitest';
import { isLocale, negotiateLocale } from './locales';

describe('locale negotiation', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,en;q=0.5,zh;q=0.8', 'zh-CN'],
    ['de-DE', 'en'],
    ['', 'en'],
    [null, 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('accepts only the shipped locales from the cookie', () => {
    expect(isLocale('zh-CN')).toBe(true);
    expect(isLocale('xx')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
