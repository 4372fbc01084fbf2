import 'server-only';
import { db } from '@/lib/db/client';
import { listGroupNames } from '@/lib/services/portal-catalog';
import { listUsers } from '@/lib/services/users';
import { OwnershipControl, type OwnershipSubject } from './ownership-control';

/** The portal ownership of a VM or volume on its admin page (the page has checked the admin role). */
export async function OwnershipCard({ subject }: { subject: OwnershipSubject }) {
  const include = { owner: { select: { username: true } }, group: { select: { name: true } } } as const;
  const [record, users, groups] = await Promise.all([
    subject.kind === 'vm' ? db.vmOwnership.findUnique({ where: { vmId: subject.id }, include }) : db.volumeOwnership.findUnique({ where: { volumeId: subject.id }, include }),
    listUsers(),
    listGroupNames(),
  ]);
  return (
    <OwnershipControl
      subject={subject}
      current={record ? { ownerId: record.ownerId, owner: record.owner.username, groupId: record.groupId, group: record.group?.name ?? null } : null}
      users={users.filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.displayName ? `${u.displayName} (${u.username})` : u.username }))}
      groups={groups.map((g) => ({ id: g.id, name: g.name }))}
    />
  );
}
