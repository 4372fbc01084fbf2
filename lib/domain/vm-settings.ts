import type { ConsoleProtocol } from './compute';
import type { Ref } from './ids';

/** A VM's settings after creation (issue 19 point 4): the neutral words every backend maps to. */

export const BOOT_DEVICES = ['hd', 'cdrom', 'network'] as const;
/** What the VM boots from, in order: its (bootable) disk, its CD-ROM, the network (PXE). */
export type BootDevice = (typeof BOOT_DEVICES)[number];

export const MIGRATION_MODES = ['migratable', 'manual', 'pinned'] as const;
/**
 * How the VM may leave its host: `migratable` (the scheduler and a user may move it), `manual`
 * (only a user may), `pinned` (never: it runs only on the chosen hosts).
 */
export type VmMigrationMode = (typeof MIGRATION_MODES)[number];

export interface VmPlacement {
  migration: VmMigrationMode;
  /** The hosts the VM may start on; empty: any host of its cluster. */
  hosts: Ref[];
}

export interface VmSettings {
  bootOrder?: BootDevice[];
  highAvailability?: { enabled: boolean; priority: number };
  console?: ConsoleProtocol;
  placement?: VmPlacement;
  /** Started with its host (libvirt's autostart). */
  autostart?: boolean;
  /**
   * The storage domain holding the VM's lease (oVirt), so a highly available VM can restart on
   * another host even when its own host is unreachable. null: no lease; absent: not read.
   */
  lease?: Ref | null;
}

export interface VmSettingsState {
  /** What the VM has now: the running configuration, or the definition of a stopped VM. */
  current: VmSettings;
  /** The configuration the next start will use, when it differs from `current`. */
  nextStart?: VmSettings;
}

