import { getTranslations } from 'next-intl/server';
import { ServerCog } from 'lucide-react';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '@/components/shell/preferences';

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('app');
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex flex-col items-center gap-2 text-center">
        <ServerCog className="size-10 text-brand-600" aria-hidden />
        <p className="text-xl font-semibold">{t('name')}</p>
        <p className="max-w-sm text-sm text-slate-500 dark:text-slate-400">{t('tagline')}</p>
      </div>
      <div className="w-full max-w-sm">{children}</div>
      <div className="mt-8">
        <LanguageSwitch />
      </div>
    </div>
  );
}
