import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PlugZap } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';

/**
 * The honest empty state of a page whose data comes from backends, when none is connected; a
 * page that needs a particular kind of connection passes its own words.
 */
export async function NoBackendYet({ words }: { words?: { title: string; body: string; action: string } } = {}) {
  const t = await getTranslations('empty');
  return (
    <EmptyState
      icon={<PlugZap className="size-10" aria-hidden />}
      title={words?.title ?? t('noBackendTitle')}
      action={
        <Link href="/admin/backends" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {words?.action ?? t('addBackend')}
        </Link>
      }
    >
      {words ? (
        <p>{words.body}</p>
      ) : (
        <>
          <p>{t('noBackendBody')}</p>
          <p className="mt-2">{t('noBackendDemo')}</p>
        </>
      )}
    </EmptyState>
  );
}
