import { cookies } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ServerCog } from 'lucide-react';
import Link from 'next/link';
import type { SessionUser } from '@/lib/auth/roles';
import { isTheme, THEME_COOKIE } from '@/lib/preferences';
import { LanguageSwitch, ThemeSwitch } from './preferences';
import { MobileNav } from './mobile-nav';
import { Sidebar } from './sidebar';
import { TaskCenter } from './task-center';
import type { ShellKind } from './sections';
import { UserMenu } from './user-menu';

export async function AppShell({ user, kind, children }: { user: SessionUser; kind: ShellKind; children: ReactNode }) {
  const t = await getTranslations();
  const stored = (await cookies()).get(THEME_COOKIE)?.value;
  const theme = isTheme(stored) ? stored : 'system';
  const brand = (
    <Link href="/" className="flex items-center gap-2 px-6 py-4 font-semibold">
      <ServerCog className="size-5 text-brand-600" aria-hidden />
      <span>{t('app.name')}</span>
    </Link>
  );
  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r border-slate-200 bg-white lg:block dark:border-slate-800 dark:bg-slate-900">
        <div className="sticky top-0 max-h-screen overflow-y-auto">
          {brand}
          <Sidebar kind={kind} />
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur lg:px-8 dark:border-slate-800 dark:bg-slate-900/90">
          <MobileNav brand={brand} kind={kind} />
          <div className="flex-1" />
          {/* The task list is an admin read (/api/inventory/tasks): a portal user's VMs' jobs are not theirs to list. */}
          {user.role === 'admin' && <TaskCenter />}
          <LanguageSwitch />
          <ThemeSwitch current={theme} />
          <UserMenu username={user.displayName || user.username} role={user.role} />
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
