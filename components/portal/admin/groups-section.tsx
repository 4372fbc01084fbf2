import 'server-only';
import { getTranslations } from 'next-intl/server';
import { groupAddMemberAction, groupCreateAction, groupDeleteAction, groupRemoveMemberAction } from '@/lib/actions/portal-admin';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { ActionForm } from '@/components/volumes/action-form';
import type { listGroups } from '@/lib/services/portal-catalog';
import type { listUsers } from '@/lib/services/users';

/** One card per group with its members, and a card that adds a group. */
export async function GroupsSection({ groups, users }: { groups: Awaited<ReturnType<typeof listGroups>>; users: Awaited<ReturnType<typeof listUsers>> }) {
  const t = await getTranslations('portalAdmin');
  return (
    <section aria-labelledby="groups-title" className="space-y-3">
      <h2 id="groups-title" className="text-lg font-semibold">
        {t('groups.title')}
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        {groups.map((g) => (
          <Card key={g.id} className="space-y-2 p-4" data-testid={`group-${g.name}`}>
            <div className="flex items-center justify-between">
              <h3 className="font-semibold">{g.name}</h3>
              <ActionForm action={groupDeleteAction} hidden={{ id: g.id }} submit={t('remove')} variant="danger" confirm={t('confirmRemove', { name: g.name })} />
            </div>
            <ul className="space-y-1 text-sm">
              {g.members.map((m) => (
                <li key={m.userId} className="flex items-center justify-between gap-2">
                  <span>{m.user.username}</span>
                  <ActionForm action={groupRemoveMemberAction} hidden={{ groupId: g.id, userId: m.userId }} submit={t('groups.removeMember')} />
                </li>
              ))}
            </ul>
            <ActionForm action={groupAddMemberAction} hidden={{ groupId: g.id }} submit={t('groups.addMember')} className="flex flex-wrap items-end gap-2">
              <Field label={t('groups.member')} name={`member-${g.id}`}>
                <Select id={`member-${g.id}`} name="userId">
                  {users.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.username}
                    </option>
                  ))}
                </Select>
              </Field>
            </ActionForm>
          </Card>
        ))}
        <Card className="p-4">
          <ActionForm action={groupCreateAction} hidden={{}} submit={t('groups.add')} variant="primary" className="space-y-2">
            <Field label={t('groups.name')} name="groupName">
              <Input id="groupName" name="name" required maxLength={64} />
            </Field>
          </ActionForm>
        </Card>
      </div>
    </section>
  );
}
