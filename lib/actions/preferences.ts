'use server';

import { cookies } from 'next/headers';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n/locales';
import { isTheme, THEME_COOKIE } from '@/lib/preferences';

// Preferences are per browser and harmless, so anyone (signed in or not) may set them; the
// values are checked against the known lists before they become cookies.
const YEAR = 365 * 24 * 60 * 60;

export async function setLocale(locale: string) {
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: YEAR, sameSite: 'lax' });
}

export async function setTheme(theme: string) {
  if (!isTheme(theme)) return;
  (await cookies()).set(THEME_COOKIE, theme, { path: '/', maxAge: YEAR, sameSite: 'lax' });
}
