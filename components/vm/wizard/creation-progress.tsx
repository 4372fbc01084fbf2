'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { detailHref } from '@/components/ui/paths';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { isVmBusy, useVmByName } from '../live-state';
import { StatusPill } from '../status-pill';

/**
 * After the backend accepted the request: the new VM as its backend reports
 * it, polled by name until it exists and its disks are no longer being
 * copied (oVirt's image_locked), then a link to its page.
 */
export function CreationProgress({ connectionId, name, accepted, onAnother }: { connectionId: string; name: string; accepted: ActionState; onAnother: () => void }) {
  const t = useTranslations('vmWizard');
  const q = useVmByName(connectionId, name);
  const vm = q.data?.vm;
  const ready = !!vm && vm.status !== 'locked' && !isVmBusy(vm.status);
  return (
    <div className="space-y-4" data-testid="vm-create-progress">
      <FormStatus state={accepted} />
      <div aria-live="polite" className="space-y-2 text-sm">
        {!vm ? (
          <p>{q.isError ? t('progress.readFailed', { message: q.error.message }) : t('progress.waiting', { name })}</p>
        ) : (
          <p className="flex flex-wrap items-center gap-2">
            <span>{ready ? t('progress.ready', { name }) : t('progress.working', { name })}</span>
            <StatusPill status={vm.status} native={vm.nativeStatus} busy={!ready} />
          </p>
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        {vm && (
          <Link href={detailHref.vm(vm.id)} className="inline-flex items-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t('progress.open', { name })}
          </Link>
        )}
        <Button type="button" variant="secondary" onClick={onAnother}>
          {t('progress.another')}
        </Button>
      </div>
    </div>
  );
}
