'use client';

import { useActionState, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import type { Role } from '@/lib/auth/roles';
import { changeRoleAction, createUserAction, resetPasswordAction, setUserDisabledAction } from '@/lib/actions/users';

export function CreateUserForm() {
  const t = useTranslations('users');
  const [state, action, pending] = useActionState(createUserAction, undefined);
  return (
    <Card className="h-fit p-5">
      <h2 className="mb-4 font-semibold">{t('createTitle')}</h2>
      <form action={action} className="space-y-3" key={state?.ok ? state.message : 'form'}>
        <Field label={t('username')} name="username" error={state?.fieldErrors?.username}>
          <Input name="username" required autoComplete="off" />
        </Field>
        <Field label={t('displayName')} name="displayName" error={state?.fieldErrors?.displayName}>
          <Input name="displayName" autoComplete="off" />
        </Field>
        <Field label={t('password')} name="password" error={state?.fieldErrors?.password} hint={t('passwordHint', { min: MIN_PASSWORD_LENGTH })}>
          <Input name="password" type="password" required autoComplete="new-password" />
        </Field>
        <Field label={t('role')} name="role" error={state?.fieldErrors?.role}>
          <Select name="role" defaultValue="user">
            <option value="user">{t('roles.user')}</option>
            <option value="admin">{t('roles.admin')}</option>
          </Select>
        </Field>
        <FormStatus state={state} />
        <Button type="submit" disabled={pending}>
          {t('create')}
        </Button>
      </form>
    </Card>
  );
}

interface RowUser {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  /** Signs in through the OIDC provider: no local password to reset. */
  oidc: boolean;
}

export function UserRowActions({ user, isSelf }: { user: RowUser; isSelf: boolean }) {
  const t = useTranslations('users');
  const [disableState, disableAction, disablePending] = useActionState(setUserDisabledAction, undefined);
  const [roleState, roleAction, rolePending] = useActionState(changeRoleAction, undefined);
  const [resetState, resetAction, resetPending] = useActionState(resetPasswordAction, undefined);
  const [resetting, setResetting] = useState(false);
  const state = resetState ?? roleState ?? disableState;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap justify-end gap-2">
        <form action={roleAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="role" value={user.role === 'admin' ? 'user' : 'admin'} />
          <Button size="sm" variant="secondary" disabled={rolePending || isSelf}>
            {user.role === 'admin' ? t('makeUser') : t('makeAdmin')}
          </Button>
        </form>
        <form action={disableAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="disabled" value={user.disabled ? 'false' : 'true'} />
          <Button size="sm" variant={user.disabled ? 'secondary' : 'danger'} disabled={disablePending || isSelf}>
            {user.disabled ? t('enable') : t('disable')}
          </Button>
        </form>
        {!user.oidc && (
          <Button size="sm" variant="ghost" onClick={() => setResetting((v) => !v)} aria-expanded={resetting}>
            {t('resetPassword')}
          </Button>
        )}
      </div>
      {resetting && (
        <form action={resetAction} className="flex items-start justify-end gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <Input
            name="password"
            type="password"
            aria-label={t('newPasswordFor', { username: user.username })}
            placeholder={t('newPassword')}
            autoComplete="new-password"
            className="max-w-48"
            required
          />
          <Button size="sm" disabled={resetPending}>
            {t('save')}
          </Button>
        </form>
      )}
      <FormStatus state={state?.fieldErrors?.password ? { ok: false, message: state.fieldErrors.password } : state} className="text-right" />
    </div>
  );
}
