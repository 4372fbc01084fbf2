'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { changeUserRole, createUser, resetUserPassword, setUserDisabled } from '@/lib/services/users';
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setDisabledSchema } from '@/lib/validations/users';

export const createUserAction = roleAction(
  { role: 'admin', schema: createUserSchema, audit: 'users.create', target: (i) => ({ type: 'user', name: i.username }) },
  async (input) => {
    await createUser(input);
    revalidatePath('/admin/users');
    return { message: 'users.created', values: { username: input.username } };
  },
);

export const setUserDisabledAction = roleAction(
  { role: 'admin', schema: setDisabledSchema, audit: 'users.setDisabled', target: (i) => ({ type: 'user', id: i.userId }) },
  async (input, { user }) => {
    const target = await setUserDisabled(user.id, input.userId, input.disabled);
    revalidatePath('/admin/users');
    return { message: input.disabled ? 'users.disabledDone' : 'users.enabledDone', values: { username: target.username } };
  },
);

export const resetPasswordAction = roleAction(
  { role: 'admin', schema: resetPasswordSchema, audit: 'users.resetPassword', target: (i) => ({ type: 'user', id: i.userId }) },
  async (input) => {
    const target = await resetUserPassword(input.userId, input.password);
    revalidatePath('/admin/users');
    return { message: 'users.passwordReset', values: { username: target.username } };
  },
);

export const changeRoleAction = roleAction(
  { role: 'admin', schema: changeRoleSchema, audit: 'users.changeRole', target: (i) => ({ type: 'user', id: i.userId }) },
  async (input, { user }) => {
    const target = await changeUserRole(user.id, input.userId, input.role);
    revalidatePath('/admin/users');
    return { message: 'users.roleChanged', values: { username: target.username } };
  },
);
