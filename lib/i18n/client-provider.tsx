'use client';

import { NextIntlClientProvider } from 'next-intl';
import type { ReactNode } from 'react';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import type { Locale } from './locales';

/**
 * The message catalogs for client components come with the client JavaScript (one file per
 * build, cached by the browser like the rest of it), not inside every page. Left to itself,
 * NextIntlClientProvider in the root layout serialised the whole catalog (about 140 KB of JSON)
 * into each page's HTML and RSC payload: the load profile (README "Benchmarks") measured it as
 * most of every page's bytes (an overview of 176 KB held 160 KB of messages) and a good part of
 * the server's render time. The server components keep reading the catalog through next-intl's
 * request config (lib/i18n/request.ts); both sides read the same JSON files, so they agree.
 */
const CATALOGS: Record<Locale, typeof en> = { en, 'zh-CN': zhCN };

export function IntlClientProvider({ locale, timeZone, children }: { locale: Locale; timeZone: string; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={CATALOGS[locale]}>
      {children}
    </NextIntlClientProvider>
  );
}
