import { getFormatter, getTranslations } from 'next-intl/server';
import { DataTable, EmptyRow, TD, TH } from '@/components/list/table';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { ActionForm } from '@/components/volumes/action-form';
import { sshKeyAddAction, sshKeyRemoveAction } from '@/lib/actions/ssh-keys';
import type { listSshKeys } from '@/lib/services/ssh-keys';

/** The user's SSH keys (name, type, fingerprint; the key itself stays on the server) and the form that adds one. */
export async function SshKeysSection({ keys }: { keys: Awaited<ReturnType<typeof listSshKeys>> }) {
  const t = await getTranslations('sshKeys');
  const format = await getFormatter();
  return (
    <section aria-labelledby="ssh-keys-title" className="space-y-4">
      <h2 id="ssh-keys-title" className="text-lg font-semibold">
        {t('title')}
      </h2>
      <DataTable
        testId="ssh-keys-table"
        head={
          <>
            <th className={TH}>{t('name')}</th>
            <th className={TH}>{t('type')}</th>
            <th className={TH}>{t('fingerprint')}</th>
            <th className={TH}>{t('addedOn')}</th>
            <th className={TH}>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </>
        }
      >
        {keys.length === 0 && <EmptyRow colSpan={5}>{t('empty')}</EmptyRow>}
        {keys.map((k) => (
          <tr key={k.id} data-testid={`ssh-key-row-${k.name}`}>
            <td className={`${TD} font-medium`}>{k.name}</td>
            <td className={`${TD} font-mono text-xs`}>{k.type}</td>
            <td className={`${TD} font-mono text-xs break-all`}>{k.fingerprint}</td>
            <td className={TD}>{format.dateTime(k.createdAt, { dateStyle: 'medium' })}</td>
            <td className={`${TD} text-right`}>
              <ActionForm action={sshKeyRemoveAction} hidden={{ id: k.id }} submit={t('remove')} variant="danger" confirm={t('confirmRemove', { name: k.name })} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Card className="p-5">
        <h3 className="mb-3 font-semibold">{t('addTitle')}</h3>
        <ActionForm action={sshKeyAddAction} hidden={{}} submit={t('add')} variant="primary" testId="ssh-key-form" className="grid gap-3">
          <Field label={t('name')} name="sshKeyName">
            <Input id="sshKeyName" name="name" required maxLength={64} autoComplete="off" />
          </Field>
          <Field label={t('publicKey')} name="sshKeyValue" hint={t('publicKeyHint')}>
            <textarea
              id="sshKeyValue"
              name="publicKey"
              required
              rows={3}
              spellCheck={false}
              className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
            />
          </Field>
        </ActionForm>
      </Card>
    </section>
  );
}
