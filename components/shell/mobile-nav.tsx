'use client';

import { Menu, X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { Sidebar } from './sidebar';
import type { ShellKind } from './sections';

/** Below the laptop breakpoint the sidebar becomes a drawer (tablets, narrow windows). */
export function MobileNav({ brand, kind }: { brand: ReactNode; kind: ShellKind }) {
  const t = useTranslations('nav');
  const [open, setOpen] = useState(false);
  return (
    <div className="lg:hidden">
      <button
        type="button"
        aria-label={t('openMenu')}
        aria-expanded={open}
        onClick={() => setOpen(true)}
        className="rounded-md p-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <Menu className="size-5" aria-hidden />
      </button>
      {open && (
        <div className="fixed inset-0 z-40 flex" role="dialog" aria-modal="true" aria-label={t('main')}>
          <div className="fixed inset-0 bg-slate-900/40" onClick={() => setOpen(false)} aria-hidden />
          <div className="relative z-50 w-64 overflow-y-auto bg-white shadow-xl dark:bg-slate-900">
            <div className="flex items-center justify-between pr-2">
              {brand}
              <button type="button" aria-label={t('closeMenu')} onClick={() => setOpen(false)} className="rounded-md p-2">
                <X className="size-5" aria-hidden />
              </button>
            </div>
            <Sidebar kind={kind} onNavigate={() => setOpen(false)} />
          </div>
        </div>
      )}
    </div>
  );
}
