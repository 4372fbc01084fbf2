'use server';

import { roleAction } from '@/lib/actions/action';
import { addSshKey, removeSshKey } from '@/lib/services/ssh-keys';
import { sshKeyAddSchema, sshKeyIdSchema } from '@/lib/validations/ssh-key';
import { revalidatePath } from 'next/cache';

/** A signed-in user's own SSH keys (profile page): every user may keep keys, only their own. */

export const sshKeyAddAction = roleAction(
  { role: 'user', schema: sshKeyAddSchema, audit: 'profile.sshKey.add', target: (i) => ({ type: 'sshKey', name: i.name }) },
  async (input, { user }) => {
    await addSshKey(user.id, input);
    revalidatePath('/portal/profile');
    return { message: 'sshKeys.added', values: { name: input.name } };
  },
);

export const sshKeyRemoveAction = roleAction(
  { role: 'user', schema: sshKeyIdSchema, audit: 'profile.sshKey.remove', target: (i) => ({ type: 'sshKey', id: i.id }) },
  async (input, { user }) => {
    const name = await removeSshKey(user.id, input.id);
    revalidatePath('/portal/profile');
    return { message: 'sshKeys.removed', values: { name } };
  },
);
