import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NoBackendYet } from '@/components/shell/no-backend';
import { PageHeader } from '@/components/ui/card';
import { ConfirmRemove } from '@/components/ui/confirm-remove';
import { ManageList } from '@/components/list/manage-list';
import { RefreshWhile } from '@/components/list/refresh-while';
import { HostActions } from '@/components/hosts/host-actions';
import { requireRole } from '@/lib/auth/guards';
import { infraChoices } from '@/lib/services/infra-operations';
import { runningVmNames } from '@/lib/inventory/rows';
import { listVmRows } from '@/lib/services/inventory';
import { removeHostAction } from '@/lib/actions/hosts';

/** States the engine moves through by itself after an add or a maintenance request. */
const INSTALLING = new Set(['installing', 'reboot', 'initializing', 'unassigned', 'connecting', 'preparing_for_maintenance']);

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('hostAdd'))('manageTitle') };
}

export default async function ManageHostsPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('hostAdd');
  const { id } = await searchParams;
  const choices = await infraChoices('removeHost');
  if (choices.connections.length === 0) return <NoBackendYet />;
  const names = new Map(choices.connections.map((c) => [c.id, c.name]));
  const rows = [...choices.hosts].sort((a, b) => a.name.localeCompare(b.name));
  const host = rows.find((h) => h.id === id);
  // The selected host's VMs, by the engine's own search, so the confirmations can name them.
  const vms = host ? await listVmRows({ page: 1, pageSize: 500, filters: { host: host.name } }, { connectionId: host.connectionId }) : undefined;
  const running = vms && runningVmNames(vms.items);
  return (
    <>
      <PageHeader title={t('manageTitle')} description={t('manageDescription')} />
      <ManageList
        basePath="/hosts/manage"
        newHref="/hosts/new"
        newLabel={t('new')}
        selected={host?.id}
        empty={t('empty')}
        rows={rows.map((h) => ({ id: h.id, name: h.name, facts: [h.nativeStatus, h.address ?? '', names.get(h.connectionId) ?? ''] }))}
        panel={
          host && (
            <>
              <h2 className="text-lg font-semibold">{host.name}</h2>
              <RefreshWhile active={INSTALLING.has(host.nativeStatus)} />
              <p className="text-sm text-slate-500" data-testid="host-status">{[host.address, host.nativeStatus].filter(Boolean).join(' · ')}</p>
              <HostActions key={`actions-${host.id}`} host={host} runningVms={running} />
              <ConfirmRemove key={host.id} action={removeHostAction} id={host.id} name={host.name} namespace="hostAdd" />
            </>
          )
        }
      />
    </>
  );
}
