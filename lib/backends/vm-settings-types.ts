/**
 * A VM's settings after creation (issue 19 point 4): boot order, high availability, console type,
 * placement and autostart, as optional Backend methods declared by module augmentation (like
 * vm-device-types.ts). Each backend says which settings it can change and, for a running VM,
 * whether a change applies at once or at the next start; what it cannot change it names with a
 * reason code, so the editor hides the field and says why.
 */
import type { ConsoleProtocol, QualifiedId, Ref } from '@/lib/domain';
import type { CallOptions } from './types';

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
}

export interface VmSettingsState {
  /** What the VM has now: the running configuration, or the definition of a stopped VM. */
  current: VmSettings;
  /** The configuration the next start will use, when it differs from `current`. */
  nextStart?: VmSettings;
}

export const VM_SETTING_FIELDS = ['bootOrder', 'highAvailability', 'console', 'placement', 'autostart'] as const;
export type VmSettingField = (typeof VM_SETTING_FIELDS)[number];

/** Why a setting cannot be changed on this backend (the editor's message key). */
export type VmSettingUnsupported = 'noHighAvailability' | 'singleHost' | 'noAutostart' | 'noConsoleChoice' | 'mixedBootOrder';

export interface VmSettingsFeatures {
  /** For a running VM: 'live' = applied at once, 'nextStart' = kept for the next start. Absent: not changeable here. */
  applies: Partial<Record<VmSettingField, 'live' | 'nextStart'>>;
  /** Why each setting that cannot be changed cannot. */
  unsupported: Partial<Record<VmSettingField, VmSettingUnsupported>>;
  bootDevices: BootDevice[];
  consoles: ConsoleProtocol[];
  /** Highest high-availability priority (lowest is 0). */
  maxHaPriority?: number;
}

export interface VmSettingsPatch {
  bootOrder?: BootDevice[];
  highAvailability?: { enabled: boolean; priority: number };
  console?: ConsoleProtocol;
  placement?: { migration: VmMigrationMode; hostIds: QualifiedId[] };
  autostart?: boolean;
}

export interface VmSettingsResult {
  /** Some of the change waits for the next start (shown as such). */
  pendingNextStart: boolean;
}

declare module './types' {
  interface Backend {
    /** Set exactly when getVmSettings/updateVmSettings exist. */
    readonly vmSettingsFeatures?: Readonly<VmSettingsFeatures>;
    getVmSettings?(vmId: QualifiedId, opts?: CallOptions): Promise<VmSettingsState>;
    updateVmSettings?(vmId: QualifiedId, patch: VmSettingsPatch, opts?: CallOptions): Promise<VmSettingsResult>;
  }
}

export {};
