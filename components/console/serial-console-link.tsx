import { SquareTerminal } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { VmStatus } from '@/lib/domain';
import { detailHref } from '@/components/ui/paths';

/** States in which the guest's serial port can be opened (a stopped VM has none). */
const WITH_SERIAL: readonly VmStatus[] = ['running', 'paused', 'migrating', 'rebooting', 'starting', 'stopping'];

/**
 * Opens the serial console page (its own window) when the VM's connection offers serial consoles;
 * when it does not, or the backend says why this VM's cannot open (`refusal`, its own words: the oVirt
 * VM has no console device), says so instead of offering an action that cannot work.
 */
export function SerialConsoleLink({ vmId, status, offered, refusal }: { vmId: string; status: VmStatus; offered: boolean; refusal?: string }) {
  const t = useTranslations('vms');
  if (!WITH_SERIAL.includes(status)) return null;
  if (!offered || refusal) {
    return (
      <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="serial-console-unavailable">
        {offered ? t('serialConsoleRefused', { reason: refusal ?? '' }) : t('serialConsoleUnavailable')}
      </span>
    );
  }
  return (
    <a
      href={detailHref.serialConsole(vmId)}
      target="_blank"
      rel="noopener"
      className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
    >
      <SquareTerminal className="size-4" aria-hidden />
      {t('serialConsole')}
    </a>
  );
}
