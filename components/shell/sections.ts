import { ADMIN_NAV, INFRASTRUCTURE_NAV, PORTAL_NAV } from './nav';
import type { NavSection } from './sidebar';

export const ADMIN_SECTIONS: NavSection[] = [
  { titleKey: null, items: INFRASTRUCTURE_NAV },
  { titleKey: 'admin', items: ADMIN_NAV },
];

export const PORTAL_SECTIONS: NavSection[] = [{ titleKey: null, items: PORTAL_NAV }];

export type ShellKind = 'admin' | 'portal';

export const SECTIONS: Record<ShellKind, NavSection[]> = { admin: ADMIN_SECTIONS, portal: PORTAL_SECTIONS };
