'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cn } from '@/components/ui/cn';
import { isActive, type NavItem } from './nav';
import { SECTIONS, type ShellKind } from './sections';

export interface NavSection {
  /** Key under "nav" for the section heading, or null for none. */
  titleKey: string | null;
  items: NavItem[];
}

// Takes the shell's kind, not the sections: icons are components, which cannot cross from a
// server component into this client one.
export function Sidebar({ kind, onNavigate }: { kind: ShellKind; onNavigate?: () => void }) {
  const sections = SECTIONS[kind];
  const pathname = usePathname();
  const t = useTranslations('nav');
  return (
    <nav aria-label={t('main')} className="flex flex-col gap-6 px-3 py-4">
      {sections.map((section) => (
        <div key={section.titleKey ?? 'main'}>
          {section.titleKey && (
            <p className="mb-2 px-3 text-xs font-semibold tracking-wide text-slate-400 uppercase">{t(section.titleKey)}</p>
          )}
          <ul className="space-y-0.5">
            {section.items.map(({ key, href, icon: Icon }) => {
              const active = isActive(pathname, href);
              return (
                <li key={href}>
                  <Link
                    href={href}
                    onClick={onNavigate}
                    aria-current={active ? 'page' : undefined}
                    className={cn(
                      'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium',
                      active
                        ? 'bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100'
                        : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
                    )}
                  >
                    <Icon className="size-4 shrink-0" aria-hidden />
                    {t(key)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
