import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/guards';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <AppShell user={user} kind={user.role === 'admin' ? 'admin' : 'portal'}>
      {children}
    </AppShell>
  );
}
