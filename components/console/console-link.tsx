import { MonitorPlay } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { VmStatus } from '@/lib/domain';
import { detailHref } from '@/components/ui/paths';

/** States in which a VM has a screen to show. */
const WITH_SCREEN: readonly VmStatus[] = ['running', 'paused', 'migrating', 'rebooting', 'starting', 'stopping'];

/** Opens the console page (its own window: it holds a live connection) when the VM has a screen. */
export function ConsoleLink({ vmId, status }: { vmId: string; status: VmStatus }) {
  const t = useTranslations('vms');
  if (!WITH_SCREEN.includes(status)) return null;
  return (
    <a
      href={detailHref.console(vmId)}
      target="_blank"
      rel="noopener"
      className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
    >
      <MonitorPlay className="size-4" aria-hidden />
      {t('console')}
    </a>
  );
}
