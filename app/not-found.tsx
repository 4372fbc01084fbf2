import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('errors');
  return (
    <div className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-2xl font-semibold">{t('notFoundTitle')}</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('notFoundBody')}</p>
      <Link href="/" className="text-sm font-medium text-brand-600 hover:underline">
        {t('goHome')}
      </Link>
    </div>
  );
}
