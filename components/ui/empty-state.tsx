import type { ReactNode } from 'react';
import { Card } from './card';

export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <Card className="flex flex-col items-center px-6 py-14 text-center">
      {icon && <div className="mb-4 text-slate-400">{icon}</div>}
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="mt-2 max-w-lg text-sm text-slate-600 dark:text-slate-400">{children}</div>}
      {action && <div className="mt-6">{action}</div>}
    </Card>
  );
}
