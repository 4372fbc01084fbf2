import { splitBytes } from '@/lib/inventory/rows';

/**
 * Intl formatters, one per locale and style. `toLocaleString(locale, options)` builds a new
 * Intl formatter on every call, which the load profile (README "Benchmarks") found to be the
 * largest single cost of rendering a list or the events page on the server: a few hundred
 * dates and sizes a page. A formatter is immutable and answers the same for the same input, so
 * keeping it changes nothing but the time. At most a handful of keys exist (the app's locales ×
 * the styles below); the bound only guards against a caller passing arbitrary locales.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const MAX_FORMATTERS = 64;

function cachedFormatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** A number with at most `maximumFractionDigits` decimals, in the user's locale. */
export function formatNumber(value: number, locale: string | undefined, maximumFractionDigits: number): string {
  return cachedFormatter(`n|${locale ?? ''}|${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits, minimumFractionDigits: 0 })).format(value);
}

/** The unit symbol of a size in whole GiB (Cinder quotas): the same in every language. */
export const GIB = 'GiB';

/**
 * THE size formatter: 1536 → "1.5 KiB", 4 GiB → "4 GiB". Unit symbols are the same in every
 * language (Chinese operators, and Horizon's and oVirt's zh_CN catalogs, write GiB too).
 */
export function formatBytes(bytes: number | undefined, locale?: string): string {
  if (bytes === undefined) return '—';
  const { value, unit } = splitBytes(bytes);
  const digits = value >= 100 || unit === 'B' ? 0 : 1;
  return `${formatNumber(value, locale, digits)} ${unit}`;
}

export function formatPercent(share: number): string {
  return `${Math.round(share)}%`;
}

/** A date from the wire (ISO string) or the server (Date), for display in the user's locale. */
export function formatDateTime(value: string | Date | undefined, locale?: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return cachedFormatter(`d|${locale ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' })).format(date);
}
