'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/action';
import { unlockUserSignIn } from '@/lib/services/users';
import { unlockUserSchema } from '@/lib/validations/users';

/** Users page: lifts an account's sign-in locks (all addresses) and its slowdown; audited by roleAction. */
export const unlockUserSignInAction = roleAction(
  { role: 'admin', schema: unlockUserSchema, audit: 'users.unlockSignIn', target: (i) => ({ type: 'user', id: i.userId }) },
  async (input) => {
    const { username, released } = await unlockUserSignIn(input.userId);
    revalidatePath('/admin/users');
    return { message: 'users.unlocked', values: { username, count: released } };
  },
);
