import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PlugZap } from 'lucide-react';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireRole } from '@/lib/auth/guards';
import { getConnection, listConnections, type ConnectionDetail } from '@/lib/services/connections';
import { ConnectionForm, type ConnectionFormInitial } from '@/components/connections/connection-form';
import { ConnectionRowActions } from '@/components/connections/connection-row-actions';
import { supportedKinds } from '@/lib/services/kind-support';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('backends'))('title') };
}

/** The edit form's starting values: the connection's settings, never its password. */
function formInitial(c: ConnectionDetail): ConnectionFormInitial {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    url: c.url,
    username: c.username ?? '',
    caCert: c.caCert ?? '',
    hasPassword: c.hasPassword,
    insecureSkipVerify: c.insecureSkipVerify,
    useFilter: c.useFilter,
    serialConsolePort: c.serialConsolePort === null ? '' : String(c.serialConsolePort),
    enabled: c.enabled,
  };
}

export default async function BackendsPage({ searchParams }: { searchParams: Promise<{ edit?: string | string[] }> }) {
  await requireRole('admin');
  const t = await getTranslations('backends');
  const { edit } = await searchParams;
  // Views only: no password or cipher ever reaches this page (lib/services/connections.ts).
  const connections = await listConnections();
  const supported = supportedKinds();
  // ?edit=<id> puts the form in edit mode; file-defined connections are edited in the file.
  const editable = typeof edit === 'string' ? connections.find((c) => c.id === edit && c.source !== 'file') : undefined;
  const editing = editable ? formInitial(await getConnection(editable.id)) : undefined;

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="grid gap-6 xl:grid-cols-[1fr_26rem]">
        {connections.length === 0 ? (
          <EmptyState icon={<PlugZap className="size-10" aria-hidden />} title={t('emptyTitle')}>
            <p>{t('emptyBody')}</p>
          </EmptyState>
        ) : (
          <Card className="h-fit overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
                <tr>
                  <th className="px-4 py-3 font-medium">{t('name')}</th>
                  <th className="px-4 py-3 font-medium">{t('url')}</th>
                  <th className="px-4 py-3 font-medium">{t('status')}</th>
                  <th className="px-4 py-3 font-medium">{t('source')}</th>
                  <th className="px-4 py-3 font-medium">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {connections.map((c) => (
                  <tr key={c.id} data-testid={`backend-row-${c.name}`} className="align-top">
                    <td className="px-4 py-3">
                      <p className="font-medium">{c.name}</p>
                      <p className="text-xs text-slate-500">
                        <span className="sr-only">{t('kind')}</span> {t(`kinds.${c.kind}`)}
                      </p>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {c.simulated && (
                          <span title={t('simulatedHint')}>
                            <Badge tone="info">{t('simulated')}</Badge>
                          </span>
                        )}
                        {!supported[c.kind] && (
                          <span title={t('kindUnsupported', { kind: t(`kinds.${c.kind}`) })}>
                            <Badge tone="warn">{t('notSupportedBadge')}</Badge>
                          </span>
                        )}
                      </div>
                    </td>
                    <td className="max-w-72 px-4 py-3">
                      <p data-testid="backend-url" className="font-mono text-xs [overflow-wrap:anywhere]">
                        {c.url}
                      </p>
                      <p className="mt-1 text-xs text-slate-500">
                        <span className="sr-only">{t('username')}</span> {c.username ?? '—'}
                      </p>
                    </td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        <Badge tone={c.enabled ? 'good' : 'neutral'}>{c.enabled ? t('enabled') : t('disabled')}</Badge>
                        {c.insecureSkipVerify && (
                          <span title={t('insecureBadgeHint')}>
                            <Badge tone="warn">{t('insecureBadge')}</Badge>
                          </span>
                        )}
                        {c.hasCaCert && <Badge tone="neutral">{t('caBadge')}</Badge>}
                        {c.useFilter && <Badge tone="neutral">{t('filterBadge')}</Badge>}
                      </div>
                    </td>
                    <td className="px-4 py-3 text-xs whitespace-nowrap text-slate-600 dark:text-slate-400">{t(`sources.${c.source}`)}</td>
                    <td className="px-4 py-3">
                      <ConnectionRowActions connection={{ id: c.id, name: c.name, enabled: c.enabled, fileManaged: c.source === 'file' }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
        <ConnectionForm key={editing?.id ?? 'new'} initial={editing} supported={supported} />
      </div>
    </>
  );
}
