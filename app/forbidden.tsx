import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ShieldX } from 'lucide-react';

export default async function Forbidden() {
  const t = await getTranslations('errors');
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <ShieldX className="size-10 text-red-500" aria-hidden />
      <h1 className="text-2xl font-semibold">{t('forbiddenTitle')}</h1>
      <p className="max-w-md text-sm text-slate-600 dark:text-slate-400">{t('forbiddenBody')}</p>
      <Link href="/portal" className="text-sm font-medium text-brand-600 hover:underline">
        {t('goToPortal')}
      </Link>
    </div>
  );
}
