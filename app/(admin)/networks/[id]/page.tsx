import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BackLink, DetailProblem, Facts, Section } from '@/components/detail/detail';
import { BandwidthForm } from '@/components/networks/bandwidth-form';
import { ClusterRolesForm } from '@/components/networks/cluster-roles-form';
import { LeaseTable } from '@/components/networks/lease-table';
import { NetworkForm } from '@/components/networks/network-form';
import { ProfileForm } from '@/components/networks/profile-form';
import { QosSection } from '@/components/networks/qos-section';
import { RemoveForm } from '@/components/networks/remove-form';
import { VirtualNetworkOps } from '@/components/networks/virtual-network-ops';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import {
  bandwidthAction, clusterNetworkAction, createNetworkQosAction, dhcpRangeAction, editNetworkAction, removeNetworkAction, removeNetworkQosAction,
  removeVnicProfileAction, virtualNetworkOpAction, vnicProfileAction,
} from '@/lib/actions/networks';
import { requireRole } from '@/lib/auth/guards';
import { idParam, readDetail } from '@/lib/inventory/detail';
import { getNetworkDetail } from '@/lib/services/networks';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('networks'))('detailTitle') };
}

export default async function NetworkPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('admin');
  const t = await getTranslations('networks');
  const id = idParam((await params).id);
  const result = await readDetail(() => getNetworkDetail(id));
  if (!result.ok) {
    return (
      <>
        <PageHeader title={t('detailTitle')} />
        <DetailProblem error={result.error} backHref="/networks" backLabel={t('back')} />
      </>
    );
  }
  const { network: n, connection, clusters, profiles, qos, leases, problems } = result.value;
  const qosOf = (type: 'network' | 'hostnetwork') => qos.filter((q) => q.type === type).map((q) => ({ id: q.id, name: q.name }));
  const yesNo = (v?: boolean) => (v === undefined ? '—' : v ? t('yes') : t('no'));
  return (
    <>
      <BackLink href="/networks" label={t('back')} />
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {n.name}
            <Badge tone={n.status === 'operational' ? 'good' : 'neutral'}>{t(`status.${n.status}`)}</Badge>
          </span>
        }
        description={n.description}
      />
      {problems.map((p, i) => (
        <p key={i} role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200">
          {p.message} {p.detail && <span className="font-mono text-xs">{p.detail}</span>}
        </p>
      ))}
      <div className="space-y-6">
        <Section title={t('facts')} testId="network-facts">
          <Facts
            items={[
              [t('connection'), connection.name],
              [t('dataCenter'), n.dataCenter?.name ?? '—'],
              [t('vlan'), n.vlanId ?? '—'],
              [t('mtu'), n.mtu || t('mtuDefault')],
              [t('vmNetwork'), yesNo(n.vmNetwork)],
              [t('portIsolation'), yesNo(n.portIsolation)],
              [t('dns'), n.dnsServers?.join(', ') || '—'],
              ...(n.virtual
                ? ([
                    [t('mode'), t(`modes.${n.virtual.mode}`)],
                    [t('bridge'), n.virtual.bridge ?? '—'],
                    [t('dhcpRange'), n.virtual.ipv4?.dhcp ? `${n.virtual.ipv4.dhcp.start} – ${n.virtual.ipv4.dhcp.end}` : '—'],
                    [t('autostart'), yesNo(n.virtual.autostart)],
                  ] as Array<[string, string]>)
                : []),
            ]}
          />
        </Section>

        {connection.management && (
          <>
            <Section title={t('edit')}>
              <Card className="max-w-xl p-6">
                <NetworkForm
                  action={editNetworkAction}
                  initial={{ id: n.id, name: n.name, description: n.description, vlanId: n.vlanId, mtu: n.mtu, vmNetwork: n.vmNetwork, dnsServers: n.dnsServers, qosId: n.qos?.id }}
                  hostQos={n.dataCenter ? qosOf('hostnetwork') : undefined}
                />
              </Card>
            </Section>
            <Section title={t('clusters')} testId="network-clusters">
              {clusters.length === 0 ? (
                <p className="text-sm text-slate-500">{t('noClusters')}</p>
              ) : (
                <Card className="divide-y divide-slate-200 dark:divide-slate-800">
                  {clusters.map(({ cluster, attachment }) => (
                    <div key={cluster.id} className="space-y-1 p-4">
                      <p className="font-medium">{cluster.name}</p>
                      <ClusterRolesForm action={clusterNetworkAction} clusterId={cluster.id} clusterName={cluster.name} networkId={n.id} attachment={attachment} />
                    </div>
                  ))}
                </Card>
              )}
            </Section>
            <Section title={t('profiles')} testId="network-profiles">
              <Card className="divide-y divide-slate-200 dark:divide-slate-800">
                {profiles.map((p) => (
                  <div key={p.id} className="space-y-2 p-4">
                    <ProfileForm action={vnicProfileAction} networkId={n.id} profile={p} qos={qosOf('network')} />
                    <RemoveForm action={removeVnicProfileAction} id={p.id} name={p.name} what="profile" />
                  </div>
                ))}
                <div className="p-4">
                  <p className="mb-2 text-sm font-medium">{t('newProfile')}</p>
                  <ProfileForm action={vnicProfileAction} networkId={n.id} qos={qosOf('network')} />
                </div>
              </Card>
            </Section>
            {n.dataCenter && (
              <Section title={t('qos')} testId="network-qos">
                <Card className="p-4">
                  <QosSection dataCenterId={n.dataCenter.id} qos={qos} createAction={createNetworkQosAction} removeAction={removeNetworkQosAction} />
                </Card>
              </Section>
            )}
          </>
        )}

        {connection.virtual && (
          <Section title={t('virtualOps')} testId="network-virtual-ops">
            <VirtualNetworkOps network={n} opAction={virtualNetworkOpAction} dhcpAction={dhcpRangeAction} />
          </Section>
        )}

        {connection.virtual && n.virtual && n.virtual.mode !== 'bridge' && (
          <Section title={t('bandwidth')} testId="network-bandwidth">
            <BandwidthForm network={n} action={bandwidthAction} />
          </Section>
        )}

        {leases && (
          <Section title={t('leases')} testId="network-leases">
            <LeaseTable leases={leases} />
          </Section>
        )}

        {(connection.management || connection.virtual) && (
          <Section title={t('removeTitle')}>
            <RemoveForm action={removeNetworkAction} id={n.id} name={n.name} what="network" doneHref="/networks" />
          </Section>
        )}
      </div>
    </>
  );
}
