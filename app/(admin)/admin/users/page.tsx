import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/guards';
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
              {users.map((u) => (
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
                  </td>
                  <td className="px-4 py-3 text-slate-500">
                    {u.lastLoginAt ? format.dateTime(u.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' }) : t('never')}
                  </td>
                  <td className="px-4 py-3">
                    <UserRowActions user={{ id: u.id, username: u.username, role: u.role, disabled: u.disabled, oidc: u.authProvider === 'oidc' }} isSelf={u.id === me.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <CreateUserForm />
      </div>
    </>
  );
}
