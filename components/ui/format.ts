import { splitBytes } from '@/lib/inventory/rows';

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
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

export function formatPercent(share: number): string {
  return `${Math.round(share)}%`;
}

/** A date from the wire (ISO string) or the server (Date), for display in the user's locale. */
export function formatDateTime(value: string | Date | undefined, locale?: string): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}
