'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/actions/types';
import { ownershipAssignAction, ownershipReleaseAction, volumeOwnershipAssignAction, volumeOwnershipReleaseAction } from '@/lib/actions/portal-admin';

interface Choice {
  id: string;
  name: string;
}

export type OwnershipSubject = { kind: 'vm'; id: string; name: string; connectionId: string } | { kind: 'volume'; id: string; name: string };

/**
 * Who owns this VM or volume in the self-service portal, for admins: assign it to a user (and a
 * group), move it to another, or release it (then only admins see it). The same admin actions as
 * /admin/portal, so the same checks and audit entries.
 */
export function OwnershipControl({ subject, current, users, groups }: { subject: OwnershipSubject; current: { ownerId: string; owner: string; groupId: string | null; group: string | null } | null; users: Choice[]; groups: Choice[] }) {
  const t = useTranslations('portalAdmin.ownership');
  const router = useRouter();
  const [ownerId, setOwnerId] = useState(current?.ownerId ?? '');
  const [groupId, setGroupId] = useState(current?.groupId ?? '');
  const [state, setState] = useState<ActionState>();
  const [pending, start] = useTransition();
  const run = (action: (prev: ActionState | undefined, data: FormData) => Promise<ActionState>, values: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(values)) form.set(k, v);
    start(async () => {
      setState(await action(undefined, form));
      router.refresh();
    });
  };
  const assign = () =>
    subject.kind === 'vm'
      ? run(ownershipAssignAction, { connectionId: subject.connectionId, vmName: subject.name, ownerId, groupId })
      : run(volumeOwnershipAssignAction, { volumeId: subject.id, ownerId, groupId });
  const release = () => {
    if (!window.confirm(t('confirmRelease', { name: subject.name }))) return;
    if (subject.kind === 'vm') run(ownershipReleaseAction, { vmId: subject.id });
    else run(volumeOwnershipReleaseAction, { volumeId: subject.id });
  };
  return (
    <Card className="space-y-3 p-4" data-testid="ownership-control">
      <h2 className="font-semibold">{t('portalOwner')}</h2>
      <p className="text-sm" data-testid="ownership-current">
        {current ? (current.group ? t('ownedByWithGroup', { owner: current.owner, group: current.group }) : t('ownedBy', { owner: current.owner })) : t('ownedByNobody')}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48">
          <Field label={t('owner')} name="ownershipOwner">
            <Select id="ownershipOwner" name="ownershipOwner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
              <option value="">{t('chooseOwner')}</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="min-w-48">
          <Field label={t('group')} name="ownershipGroup">
            <Select id="ownershipGroup" name="ownershipGroup" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">{t('noGroup')}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button disabled={pending || !ownerId} onClick={assign}>
          {current ? t('transfer') : t('assign')}
        </Button>
        {current && (
          <Button variant="secondary" disabled={pending} onClick={release}>
            {t('release')}
          </Button>
        )}
      </div>
      <FormStatus state={state} />
    </Card>
  );
}
