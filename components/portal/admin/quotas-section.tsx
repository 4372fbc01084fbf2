import 'server-only';
import { getTranslations } from 'next-intl/server';
import { quotaClearAction, quotaSetAction } from '@/lib/actions/portal-admin';
import { TD } from '@/components/list/table';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { ActionForm } from '@/components/volumes/action-form';
import type { listGroups, listQuotas } from '@/lib/services/portal-catalog';
import type { listUsers } from '@/lib/services/users';

type Limits = { maxVms: number | null; maxVcpus: number | null; maxMemoryMiB: number | null; maxStorageGiB: number | null };

/** The default quota, the form for one user's or group's quota, and the quotas set so far. */
export async function QuotasSection({
  quotas,
  users,
  groups,
}: {
  quotas: Awaited<ReturnType<typeof listQuotas>>;
  users: Awaited<ReturnType<typeof listUsers>>;
  groups: Awaited<ReturnType<typeof listGroups>>;
}) {
  const t = await getTranslations('portalAdmin');
  const userName = new Map(users.map((u) => [u.id, u.username]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const defaultQuota = quotas.find((q) => q.scope === 'default');
  // Both forms on the page carry the same field names, so the prefix keeps their ids apart.
  const limitInputs = (q: Limits | undefined, prefix: string) => (
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
      {(['maxVms', 'maxVcpus', 'maxMemoryMiB', 'maxStorageGiB'] as const).map((k) => (
        <Field key={k} label={t(`quotas.${k}`)} name={`${prefix}${k}`}>
          <Input id={`${prefix}${k}`} name={k} type="number" min={0} defaultValue={q?.[k] ?? ''} placeholder={t('quotas.unlimited')} />
        </Field>
      ))}
    </div>
  );

  return (
    <section aria-labelledby="quotas-title" className="space-y-3">
      <h2 id="quotas-title" className="text-lg font-semibold">
        {t('quotas.title')}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t('quotas.description')}</p>
      <Card className="space-y-3 p-5" data-testid="quota-default">
        <h3 className="font-semibold">{t('quotas.default')}</h3>
        <ActionForm action={quotaSetAction} hidden={{ scope: 'default' }} submit={t('quotas.save')} variant="primary">
          {limitInputs(defaultQuota, 'default-')}
        </ActionForm>
      </Card>
      <Card className="space-y-3 p-5" data-testid="quota-subject">
        <h3 className="font-semibold">{t('quotas.subjectTitle')}</h3>
        <ActionForm action={quotaSetAction} hidden={{}} submit={t('quotas.save')} variant="primary">
          <div className="grid gap-2 md:grid-cols-2">
            <Field label={t('quotas.scope')} name="quotaScope">
              <Select id="quotaScope" name="scope">
                <option value="user">{t('quotas.scopeUser')}</option>
                <option value="group">{t('quotas.scopeGroup')}</option>
              </Select>
            </Field>
            <Field label={t('quotas.subject')} name="quotaSubject">
              <Select id="quotaSubject" name="subjectId">
                <optgroup label={t('quotas.scopeUser')}>
                  {users.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.username}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t('quotas.scopeGroup')}>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </optgroup>
              </Select>
            </Field>
          </div>
          {limitInputs(undefined, 'subject-')}
        </ActionForm>
        {/* A headless list inside the form's card, not a DataTable: that would nest a second card and add a header row the list never had. */}
        <table className="w-full text-left text-sm" data-testid="quota-table">
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {quotas
              .filter((q) => q.scope !== 'default')
              .map((q) => {
                const name = (q.scope === 'user' ? userName.get(q.subjectId) : groupName.get(q.subjectId)) ?? q.subjectId;
                return (
                  <tr key={`${q.scope}:${q.subjectId}`}>
                    <td className={TD}>{t(q.scope === 'user' ? 'quotas.forUser' : 'quotas.forGroup', { name })}</td>
                    <td className={TD}>
                      {t('quotas.summary', {
                        vms: q.maxVms ?? '∞',
                        vcpus: q.maxVcpus ?? '∞',
                        memory: q.maxMemoryMiB ?? '∞',
                        storage: q.maxStorageGiB ?? '∞',
                      })}
                    </td>
                    <td className={`${TD} text-right`}>
                      <ActionForm action={quotaClearAction} hidden={{ scope: q.scope, subjectId: q.subjectId }} submit={t('quotas.clear')} />
                    </td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </Card>
    </section>
  );
}
