import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireRole } from '@/lib/auth/guards';

// The administration portal: every page below is for admins only. Pages check again
// themselves (a layout does not re-run on every navigation).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireRole('admin');
  return (
    <AppShell user={user} kind="admin">
      {children}
    </AppShell>
  );
}
