import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatNumber } from './format';

// The formatters are kept per locale and style (components/ui/format.ts): what a user reads must
// be exactly what a fresh toLocaleString gives, whatever order the locales are asked in.
describe('format', () => {
  const when = new Date(Date.UTC(2026, 11, 7, 15, 4, 5));

  it('formats dates as toLocaleString does, per locale, with the locales interleaved', () => {
    for (let i = 0; i < 3; i++) {
      for (const locale of ['en', 'zh-CN', undefined]) {
        expect(formatDateTime(when, locale)).toBe(when.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' }));
        expect(formatDateTime(when.toISOString(), locale)).toBe(when.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' }));
      }
    }
    expect(formatDateTime('not a date', 'en')).toBe('—');
    expect(formatDateTime(undefined, 'en')).toBe('—');
  });

  it('formats sizes and numbers with the digits asked for, per locale', () => {
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(4 * 1024 ** 3, 'en')).toBe('4 GiB');
    expect(formatBytes(123.4 * 1024 ** 3, 'en')).toBe('123 GiB');
    expect(formatBytes(undefined, 'en')).toBe('—');
    expect(formatNumber(1234567.891, 'en', 1)).toBe('1,234,567.9');
    expect(formatNumber(1234567.891, 'en', 0)).toBe('1,234,568');
    expect(formatNumber(1234567.891, 'de', 1)).toBe((1234567.891).toLocaleString('de', { maximumFractionDigits: 1 }));
    expect(formatNumber(0.5, 'zh-CN', 1)).toBe('0.5');
  });

  it('stays right past its bound of kept formatters', () => {
    const locales = Array.from({ length: 80 }, (_, i) => ['en-US', 'en-GB', 'de', 'fr', 'zh-CN', 'ja', 'ar-EG', 'hi-IN'][i % 8] + (i >= 8 ? `-u-nu-latn` : ''));
    for (const locale of locales) {
      for (const digits of [0, 1]) expect(formatNumber(98765.4321, locale, digits)).toBe((98765.4321).toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
      expect(formatDateTime(when, locale)).toBe(when.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' }));
    }
  });
});
