'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { Languages, Monitor, Moon, Sun } from 'lucide-react';
import { setLocale, setTheme } from '@/lib/actions/preferences';
import { LOCALES } from '@/lib/i18n/locales';
import { THEME_COOKIE, THEMES, type Theme } from '@/lib/preferences';
import { cn } from '@/components/ui/cn';

export function LanguageSwitch() {
  const t = useTranslations('preferences');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1.5 text-sm text-slate-600 dark:text-slate-300">
      <Languages className="size-4" aria-hidden />
      <span className="sr-only">{t('language')}</span>
      <select
        aria-label={t('language')}
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(async () => {
            await setLocale(next);
            router.refresh();
          });
        }}
        className="rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`locales.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

const ICONS = { system: Monitor, light: Sun, dark: Moon } as const;

function applyTheme(theme: Theme) {
  // The cookie is written here at once, not only by the server action: a reload before the
  // action's answer arrives (a slow server) would otherwise render the old theme again.
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${365 * 24 * 60 * 60}; samesite=lax`;
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.classList.remove('dark');
  if (theme === 'dark') root.classList.add('dark');
  if (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches) root.classList.add('dark');
}

export function ThemeSwitch({ current }: { current: Theme }) {
  const t = useTranslations('preferences');
  const router = useRouter();
  return (
    <div role="radiogroup" aria-label={t('theme')} className="flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
      {THEMES.map((theme) => {
        const Icon = ICONS[theme];
        const checked = theme === current;
        return (
          <button
            key={theme}
            type="button"
            role="radio"
            aria-checked={checked}
            title={t(`themes.${theme}`)}
            aria-label={t(`themes.${theme}`)}
            onClick={async () => {
              applyTheme(theme);
              await setTheme(theme);
              router.refresh();
            }}
            className={cn(
              'rounded p-1.5',
              checked ? 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-white' : 'text-slate-500 hover:text-slate-800 dark:hover:text-slate-200',
            )}
          >
            <Icon className="size-3.5" aria-hidden />
          </button>
        );
      })}
    </div>
  );
}
