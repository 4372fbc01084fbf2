'use client';

import { NextIntlClientProvider, type AbstractIntlMessages } from 'next-intl';
import { use, type ReactNode } from 'react';
import { isLocale, type Locale } from './locales';

/**
 * The message catalog for client components is its own JavaScript file per locale (built from
 * messages/<locale>.json), fetched once and cached by the browser like the rest of the code, not
 * written into every page. Left to itself, NextIntlClientProvider in the root layout serialised
 * the whole catalog (about 140 KB of JSON) into each page's HTML and RSC payload: the load profile
 * (README "Benchmarks") measured it as most of every page's bytes (an overview of 190 KB held
 * 160 KB of messages) and part of the server's render time. Only the user's language is loaded,
 * and not as part of every route's first-load JavaScript (scripts/bundle-budget.ts). Server
 * components keep reading the catalog through next-intl's request config (lib/i18n/request.ts);
 * both sides read the same JSON files, so they agree.
 */
const LOADERS: Record<Locale, () => Promise<{ default: AbstractIntlMessages }>> = {
  en: () => import('@/messages/en.json'),
  'zh-CN': () => import('@/messages/zh-CN.json'),
};

const catalogs = new Map<Locale, Promise<AbstractIntlMessages>>();

function catalog(locale: Locale): Promise<AbstractIntlMessages> {
  let loading = catalogs.get(locale);
  if (!loading) {
    loading = LOADERS[locale]().then((m) => m.default);
    // A failed download (the network) is tried again by the next render, not remembered.
    loading.catch(() => catalogs.delete(locale));
    catalogs.set(locale, loading);
  }
  return loading;
}

// In the browser, the page's catalog is asked for as soon as this module runs, before hydration
// reaches the provider (the server wrote the page's language into <html lang>).
if (typeof document !== 'undefined' && isLocale(document.documentElement.lang)) void catalog(document.documentElement.lang);

export function IntlClientProvider({ locale, timeZone, children }: { locale: Locale; timeZone: string; children: ReactNode }) {
  const messages = use(catalog(locale));
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}
