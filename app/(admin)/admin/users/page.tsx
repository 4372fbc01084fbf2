import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
import { accountThrottles } from '@/lib/auth/throttle';
import { listUsers } from '@/lib/services/users';
import { CreateUserForm, UserRowActions } from '@/components/users/user-forms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('users'))('title') };
}

export default async function UsersPage() {
  const me = await requireRole('admin');
  const t = await getTranslations('users');
  const format = await getFormatter();
  const users = await listUsers();
  const throttles = await accountThrottles(users.filter((u) => u.authProvider !== 'oidc').map((u) => u.username));
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800">
              <tr>
                <th className="px-4 py-3 font-medium">{t('username')}</th>
                <th className="px-4 py-3 font-medium">{t('role')}</th>
                <th className="px-4 py-3 font-medium">{t('status')}</th>
                <th className="px-4 py-3 font-medium">{t('lastLogin')}</th>
                <th className="px-4 py-3 font-medium">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {users.map((u) => {
                const throttle = throttles.get(u.username);
                return (
                <tr key={u.id} data-testid={`user-row-${u.username}`}>
                  <td className="px-4 py-3">
                    <p className="font-medium">{u.username}</p>
                    {u.displayName && <p className="text-xs text-slate-500">{u.displayName}</p>}
                    {u.authProvider === 'oidc' && <p className="text-xs text-slate-500">{t('viaOidc')}</p>}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{t(`roles.${u.role}`)}</Badge>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={u.disabled ? 'bad' : 'good'}>{u.disabled ? t('disabled') : t('active')}</Badge>
                    {!!throttle?.lockedAddresses && (
                      <p className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="sign-in-locked">
                        {t('signInLocked', { count: throttle.lockedAddresses })}
                      </p>
                    )}
                    {!!throttle?.delayMs && (
                      <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">{t('signInSlowed', { seconds: Math.ceil(throttle.delayMs / 1000) })}</p>
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-500">
                    {u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}
                  </td>
                  <td className="px-4 py-3">
                    <UserRowActions user={{ id: u.id, username: u.username, role: u.role, disabled: u.disabled, oidc: u.authProvider === 'oidc', throttled: !!throttle }} isSelf={u.id === me.id} />
                  </td>
                </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
        <CreateUserForm />
      </div>
    </>
  );
}
