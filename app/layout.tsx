import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { IntlClientProvider } from '@/lib/i18n/client-provider';
import { isLocale } from '@/lib/i18n/locales';
import { isTheme, SYSTEM_THEME_SCRIPT, THEME_COOKIE } from '@/lib/preferences';
import { Providers } from './providers';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return { title: { default: t('name'), template: `%s · ${t('name')}` }, description: t('tagline') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const timeZone = await getTimeZone();
  const stored = (await cookies()).get(THEME_COOKIE)?.value;
  const theme = isTheme(stored) ? stored : 'system';
  return (
    <html lang={locale} className={theme === 'dark' ? 'dark' : undefined} data-theme={theme} suppressHydrationWarning>
      <head>{theme === 'system' && <script dangerouslySetInnerHTML={{ __html: SYSTEM_THEME_SCRIPT }} />}</head>
      <body className="min-h-screen font-sans">
        {/* The request config only ever yields one of the app's locales (lib/i18n/request.ts). */}
        <IntlClientProvider locale={isLocale(locale) ? locale : 'en'} timeZone={timeZone}>
          <Providers>{children}</Providers>
        </IntlClientProvider>
      </body>
    </html>
  );
}
