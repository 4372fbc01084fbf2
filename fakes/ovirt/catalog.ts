/**
 * Realistic building blocks for the seeded estate: CPU models, guest profiles, ISO names.
 * Values mirror what an oVirt 4.5 engine reports for such hardware and guests.
 */
import type { NicInterface, Vm } from './model';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;
export const TiB = 1024 ** 4;

export interface CpuModel {
  name: string;
  /** The host's reported CPU type (what the cluster CPU type must match). */
  type: string;
  clusterType: string;
  speedMhz: number;
  sockets: number;
  cores: number;
  threads: number;
}

export const CPU_MODELS = {
  cascadelake: {
    name: 'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz',
    type: 'Intel Cascadelake Server IBRS SSBD MDS',
    clusterType: 'Intel Cascadelake Server Family',
    speedMhz: 3000, sockets: 2, cores: 24, threads: 2,
  },
  icelake: {
    name: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz',
    type: 'Intel Icelake Server IBRS SSBD MDS',
    clusterType: 'Intel Icelake Server Family',
    speedMhz: 2000, sockets: 2, cores: 32, threads: 2,
  },
  epyc: {
    name: 'AMD EPYC 7543 32-Core Processor',
    type: 'AMD EPYC',
    clusterType: 'AMD EPYC',
    speedMhz: 2800, sockets: 2, cores: 32, threads: 2,
  },
  skylake: {
    name: 'Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz',
    type: 'Intel Skylake Server IBRS SSBD MDS',
    clusterType: 'Intel Skylake Server Family',
    speedMhz: 2200, sockets: 2, cores: 12, threads: 2,
  },
} satisfies Record<string, CpuModel>;

export const HOST_OS = { type: 'RHEL', version: '9.4 - 1.el9', kvm: '8.2.0 - 11.el9', libvirt: 'libvirt-10.0.0-6.el9', vdsm: 'vdsm-4.50.5.1-1.el9' };

export interface GuestOs { family: string; distribution: string; version: string; kernel: string }

const CENTOS9: GuestOs = { family: 'Linux', distribution: 'CentOS Stream', version: '9', kernel: '5.14.0-427.el9.x86_64' };
const RHEL8: GuestOs = { family: 'Linux', distribution: 'Red Hat Enterprise Linux', version: '8.9', kernel: '4.18.0-513.el8.x86_64' };
const DEBIAN12: GuestOs = { family: 'Linux', distribution: 'Debian GNU/Linux', version: '12', kernel: '6.1.0-18-amd64' };
const WIN2022: GuestOs = { family: 'Windows', distribution: 'Microsoft Windows Server 2022 Standard', version: '10.0.20348', kernel: '' };
const WIN2019: GuestOs = { family: 'Windows', distribution: 'Microsoft Windows Server 2019 Standard', version: '10.0.17763', kernel: '' };
const WIN10: GuestOs = { family: 'Windows', distribution: 'Microsoft Windows 10 Enterprise', version: '10.0.19045', kernel: '' };

/** A kind of workload: what a VM named `web-01` or `db-02` typically looks like. */
export interface Profile {
  role: string;
  description: string;
  osType: string;
  guest: GuestOs;
  memoryGiB: number;
  sockets: number;
  cores: number;
  type: Vm['type'];
  display: Vm['display'];
  /** Disk sizes in GiB; the first is the bootable system disk. */
  disks: number[];
  /** Template the VM was made from (by name); 'Blank' for hand-built VMs. */
  template: string;
  /** VM network name for nic1. */
  network: string;
  nicInterface: NicInterface;
  ha: boolean;
  domain: string;
}

function profile(p: Partial<Profile> & Pick<Profile, 'role' | 'description'>): Profile {
  return {
    osType: 'rhel_9x64', guest: CENTOS9, memoryGiB: 4, sockets: 1, cores: 2, type: 'server', display: 'vnc',
    disks: [30], template: 'centos-stream-9', network: 'ovirtmgmt', nicInterface: 'virtio', ha: false,
    domain: 'demo.lab', ...p,
  };
}

export const PROFILES: Record<string, Profile> = {
  web: profile({ role: 'web', description: 'Web frontend (nginx)', network: 'prod-vlan100' }),
  db: profile({ role: 'db', description: 'PostgreSQL 16 database', memoryGiB: 16, sockets: 2, cores: 4, disks: [50, 200], ha: true, network: 'prod-vlan100' }),
  app: profile({ role: 'app', description: 'Application server', memoryGiB: 8, cores: 4, disks: [40], network: 'prod-vlan100' }),
  cache: profile({ role: 'cache', description: 'Redis cache', osType: 'other_linux', guest: DEBIAN12, disks: [20], template: 'debian-12', network: 'prod-vlan100' }),
  lb: profile({ role: 'lb', description: 'HAProxy load balancer', osType: 'other_linux', guest: DEBIAN12, memoryGiB: 2, disks: [10], template: 'debian-12', network: 'dmz-vlan200', ha: true }),
  mq: profile({ role: 'mq', description: 'RabbitMQ broker', osType: 'rhel_8x64', guest: RHEL8, memoryGiB: 8, cores: 4, disks: [40, 100], template: 'Blank' }),
  mon: profile({ role: 'mon', description: 'Prometheus + Grafana', memoryGiB: 8, cores: 4, disks: [40, 500] }),
  dns: profile({ role: 'dns', description: 'Internal DNS (bind)', osType: 'other_linux', guest: DEBIAN12, memoryGiB: 1, cores: 1, disks: [10], template: 'debian-12', ha: true }),
  ldap: profile({ role: 'ldap', description: 'FreeIPA replica', memoryGiB: 4, disks: [20], ha: true }),
  mail: profile({ role: 'mail', description: 'Postfix relay', osType: 'other_linux', guest: DEBIAN12, disks: [40, 200], template: 'debian-12', network: 'dmz-vlan200' }),
  backup: profile({ role: 'backup', description: 'Backup proxy', osType: 'rhel_8x64', guest: RHEL8, disks: [40, 1024], template: 'Blank' }),
  jump: profile({ role: 'jump', description: 'SSH bastion', osType: 'other_linux', guest: DEBIAN12, memoryGiB: 1, cores: 1, disks: [10], template: 'debian-12', network: 'dmz-vlan200' }),
  vpn: profile({ role: 'vpn', description: 'WireGuard gateway', osType: 'other_linux', guest: DEBIAN12, memoryGiB: 1, cores: 1, disks: [10], template: 'debian-12', network: 'dmz-vlan200' }),
  'win-ad': profile({ role: 'win-ad', description: 'Active Directory domain controller', osType: 'windows_2022', guest: WIN2022, memoryGiB: 8, sockets: 2, cores: 2, disks: [80], template: 'windows-2022', display: 'spice', ha: true, domain: 'corp.demo.lab' }),
  'win-rds': profile({ role: 'win-rds', description: 'Remote Desktop Session Host', osType: 'windows_2022', guest: WIN2022, memoryGiB: 16, sockets: 2, cores: 4, disks: [120], template: 'windows-2022', display: 'spice', domain: 'corp.demo.lab' }),
  desk: profile({ role: 'desk', description: 'Personal desktop', osType: 'windows_10x64', guest: WIN10, type: 'desktop', memoryGiB: 4, disks: [60], template: 'Blank', display: 'spice', nicInterface: 'e1000', domain: 'corp.demo.lab' }),
  'k8s-master': profile({ role: 'k8s-master', description: 'Kubernetes control plane', memoryGiB: 8, cores: 4, disks: [60], template: 'rhel-9-k8s', ha: true, network: 'prod-vlan100' }),
  'k8s-worker': profile({ role: 'k8s-worker', description: 'Kubernetes worker node', memoryGiB: 32, sockets: 2, cores: 8, disks: [100, 250], template: 'rhel-9-k8s', network: 'prod-vlan100' }),
  gitlab: profile({ role: 'gitlab', description: 'GitLab CE', memoryGiB: 16, sockets: 2, cores: 4, disks: [100, 500] }),
  'ci-runner': profile({ role: 'ci-runner', description: 'GitLab runner', memoryGiB: 8, cores: 8, disks: [80], template: 'rhel-9-k8s' }),
  test: profile({ role: 'test', description: 'Throw-away test VM', osType: 'other_linux', guest: DEBIAN12, memoryGiB: 2, disks: [20], template: 'debian-12' }),
  'build-win': profile({ role: 'build-win', description: 'Windows build agent', osType: 'windows_2019x64', guest: WIN2019, memoryGiB: 8, cores: 4, disks: [120], template: 'Blank', display: 'spice', domain: 'corp.demo.lab' }),
  sandbox: profile({ role: 'sandbox', description: 'Sandbox', disks: [30] }),
  dev: profile({ role: 'dev', description: 'Developer workstation', type: 'desktop', memoryGiB: 8, cores: 4, disks: [50], display: 'spice' }),
};

export const TEMPLATE_DEFS = [
  { name: 'centos-stream-9', description: 'CentOS Stream 9 cloud image, cloud-init enabled', osType: 'rhel_9x64', memoryGiB: 2, cores: 2, diskGiB: 20, display: 'vnc' as const },
  { name: 'debian-12', description: 'Debian 12 (bookworm) genericcloud', osType: 'other_linux', memoryGiB: 1, cores: 1, diskGiB: 10, display: 'vnc' as const },
  { name: 'windows-2022', description: 'Windows Server 2022 Standard, sysprepped, virtio drivers', osType: 'windows_2022', memoryGiB: 8, cores: 2, diskGiB: 60, display: 'spice' as const },
  { name: 'rhel-9-k8s', description: 'RHEL 9 with kubeadm/containerd preinstalled', osType: 'rhel_9x64', memoryGiB: 8, cores: 4, diskGiB: 40, display: 'vnc' as const },
];

export const ISO_FILES: { name: string; sizeMiB: number }[] = [
  { name: 'CentOS-Stream-9-latest-x86_64-dvd1.iso', sizeMiB: 10_240 },
  { name: 'CentOS-Stream-9-latest-x86_64-boot.iso', sizeMiB: 1_010 },
  { name: 'debian-12.5.0-amd64-netinst.iso', sizeMiB: 629 },
  { name: 'ubuntu-24.04-live-server-amd64.iso', sizeMiB: 2_690 },
  { name: 'Fedora-Server-dvd-x86_64-40-1.14.iso', sizeMiB: 2_520 },
  { name: 'Windows_Server_2022_EVAL_x64FRE_en-us.iso', sizeMiB: 4_870 },
  { name: 'Win10_22H2_English_x64v1.iso', sizeMiB: 5_830 },
  { name: 'virtio-win-0.1.240.iso', sizeMiB: 598 },
];

/** oVirt's default MAC pool range starts with 56:6f. */
export function macAddress(n: number): string {
  const b = [0x56, 0x6f, 0x1a, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  return b.map((x) => x.toString(16).padStart(2, '0')).join(':');
}
