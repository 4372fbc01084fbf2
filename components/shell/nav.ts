import {
  Activity,
  Boxes,
  Building2,
  Cpu,
  Database,
  Disc3,
  HardDrive,
  LayoutDashboard,
  ListChecks,
  Monitor,
  PackageOpen,
  Rocket,
  PlugZap,
  ScrollText,
  Server,
  Users,
  Layers,
  KeyRound,
  Network,
  Cylinder,
  HeartPulse,
  type LucideIcon,
} from 'lucide-react';

export interface NavItem {
  /** Key under "nav" in messages/*.json */
  key: string;
  href: string;
  icon: LucideIcon;
}

export const INFRASTRUCTURE_NAV: NavItem[] = [
  { key: 'overview', href: '/', icon: LayoutDashboard },
  { key: 'dataCenters', href: '/datacenters', icon: Building2 },
  { key: 'clusters', href: '/clusters', icon: Boxes },
  { key: 'hosts', href: '/hosts', icon: Server },
  { key: 'storage', href: '/storage', icon: Database },
  { key: 'gluster', href: '/gluster', icon: Cylinder },
  { key: 'networks', href: '/networks', icon: Network },
  { key: 'vms', href: '/vms', icon: Monitor },
  { key: 'templates', href: '/templates', icon: Layers },
  { key: 'volumes', href: '/volumes', icon: HardDrive },
  { key: 'images', href: '/images', icon: Disc3 },
  { key: 'events', href: '/events', icon: Activity },
  { key: 'tasks', href: '/tasks', icon: ListChecks },
  { key: 'services', href: '/services', icon: HeartPulse },
];

export const ADMIN_NAV: NavItem[] = [
  { key: 'backends', href: '/admin/backends', icon: PlugZap },
  { key: 'users', href: '/admin/users', icon: Users },
  { key: 'audit', href: '/admin/audit', icon: ScrollText },
  { key: 'selfService', href: '/admin/portal', icon: PackageOpen },
];

export const PORTAL_NAV: NavItem[] = [
  { key: 'myVms', href: '/portal', icon: Cpu },
  { key: 'launch', href: '/portal/launch', icon: Rocket },
  { key: 'myVolumes', href: '/portal/volumes', icon: HardDrive },
  { key: 'myTasks', href: '/portal/tasks', icon: ListChecks },
  { key: 'profile', href: '/portal/profile', icon: KeyRound },
];

export function isActive(pathname: string, href: string) {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
