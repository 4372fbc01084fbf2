import { getTranslations } from 'next-intl/server';

/** The console pages' answer when the console cannot open (backend down, not offered): the reason, full page. */
export async function ConsoleUnavailable({ problem }: { problem: string }) {
  const t = await getTranslations('console');
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-950 p-6 text-slate-100">
      <div role="alert" className="max-w-lg rounded-lg border border-red-900 bg-red-950 p-4">
        <h1 className="font-semibold">{t('unavailableTitle')}</h1>
        <p className="mt-2 text-sm text-red-200">{problem}</p>
      </div>
    </main>
  );
}
