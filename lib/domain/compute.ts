import type { Entity, Ref } from './ids';
import type { Disk } from './storage';
import type { SnapshotStatus, TemplateStatus, VmStatus } from './status';

export interface CpuTopology {
  sockets: number;
  cores: number;
  threads: number;
}

export interface Nic extends Entity {
  mac?: string;
  /** virtio, e1000, rtl8139, … */
  interface?: string;
  plugged?: boolean;
  linked?: boolean;
  vnicProfile?: Ref;
  network?: Ref;
}

export interface Vm extends Entity {
  description?: string;
  status: VmStatus;
  nativeStatus: string;
  memoryBytes?: number;
  cpu?: CpuTopology;
  /** Guest OS type as the backend names it, e.g. "rhel_9x64". */
  os?: string;
  highAvailability?: boolean;
  stateless?: boolean;
  /** The VM the management engine itself runs in (oVirt hosted engine): managed by its HA agents, not like other VMs. */
  hostedEngine?: boolean;
  createdAt?: Date;
  host?: Ref;
  cluster?: Ref;
  template?: Ref;
  fqdn?: string;
  /** The guest's addresses as its agent reports them, IPv4 first (oVirt reported devices); absent: not reported. */
  ips?: string[];
  /** The same per guest network interface, with its MAC so it can be matched to a NIC. */
  guestInterfaces?: GuestInterface[];
  /** Guest OS as the agent reports it, e.g. "Debian GNU/Linux 12". */
  guestOs?: string;
  /** Accounts logged in to the guest, as its agent reports them (oVirt sessions); absent: not reported. */
  loggedInUsers?: string[];
  /** Present when the list/get embedded them (no extra request per VM). */
  disks?: Disk[];
  nics?: Nic[];
  /** 0-100 while the VM migrates, when the backend reports it (oVirt's `migration.progress` statistic, read on a single VM). */
  migrationProgress?: number;
  /** What the VM uses now, when the backend measured it (oVirt statistics, read on a single VM). */
  usage?: VmUsage;
}

export interface GuestInterface {
  name: string;
  mac?: string;
  ipv4: string[];
  ipv6: string[];
}

export interface VmUsage {
  /** Of the VM's vCPUs, 0-100. */
  cpuPercent?: number;
  /** As the guest agent reports it; absent without an agent. */
  memoryUsedBytes?: number;
  /** Of the NICs' link speed, 0-100. */
  networkPercent?: number;
}

export interface Template extends Entity {
  description?: string;
  status: TemplateStatus;
  nativeStatus?: string;
  memoryBytes?: number;
  cpu?: CpuTopology;
  os?: string;
  cluster?: Ref;
  createdAt?: Date;
  /** Sub-version of a template family (oVirt template versions). */
  versionNumber?: number;
  versionName?: string;
}

export interface Snapshot extends Entity {
  vm: Ref;
  description?: string;
  status: SnapshotStatus;
  nativeStatus?: string;
  /** active (the running state), regular, preview, stateless. */
  snapshotType?: string;
  date?: Date;
  /** Includes the guest's memory. */
  persistMemory?: boolean;
}

export type ConsoleProtocol = 'vnc' | 'spice';

/** Where to connect to a VM's screen, and the one-time password to do so. */
export interface ConsoleEndpoint {
  connectionId: string;
  vm: Ref;
  protocol: ConsoleProtocol;
  host: string;
  port?: number;
  tlsPort?: number;
  /** One-time password (oVirt ticket) to hand to noVNC / spice-html5. */
  password?: string;
  /** When the password stops working. */
  passwordExpiresAt?: Date;
}
