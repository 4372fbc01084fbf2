'use client';

import { ChevronDown, LogOut, UserCircle } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { signOutAction } from '@/lib/actions/auth';
import type { Role } from '@/lib/auth/roles';

export function UserMenu({ username, role }: { username: string; role: Role }) {
  const t = useTranslations('userMenu');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <UserCircle className="size-5 text-slate-500" aria-hidden />
        <span className="max-w-40 truncate font-medium">{username}</span>
        <ChevronDown className="size-4 text-slate-400" aria-hidden />
      </button>
      {open && (
        <div role="menu" className="absolute right-0 mt-2 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <div className="px-3 py-2 text-xs text-slate-500">
            <p className="truncate font-medium text-slate-800 dark:text-slate-200">{username}</p>
            <p>{t(`roles.${role}`)}</p>
          </div>
          <form action={signOutAction}>
            <button type="submit" role="menuitem" className="flex w-full items-center gap-2 px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800">
              <LogOut className="size-4" aria-hidden />
              {t('signOut')}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
