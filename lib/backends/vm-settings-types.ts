/**
 * A VM's settings after creation (issue 19 point 4): boot order, high availability, console type,
 * placement and autostart, as optional Backend methods declared by module augmentation (like
 * vm-device-types.ts). Each backend says which settings it can change and, for a running VM,
 * whether a change applies at once or at the next start; what it cannot change it names with a
 * reason code, so the editor hides the field and says why.
 */
import type { BootDevice, ConsoleProtocol, QualifiedId, VmMigrationMode, VmSettingsState } from '@/lib/domain';

export { BOOT_DEVICES, MIGRATION_MODES, type BootDevice, type VmMigrationMode, type VmPlacement, type VmSettings, type VmSettingsState } from '@/lib/domain';
import type { CallOptions } from './types';

export const VM_SETTING_FIELDS = ['bootOrder', 'highAvailability', 'lease', 'console', 'placement', 'autostart'] as const;
export type VmSettingField = (typeof VM_SETTING_FIELDS)[number];

/** Why a setting cannot be changed on this backend (the editor's message key). */
export type VmSettingUnsupported = 'noHighAvailability' | 'singleHost' | 'noAutostart' | 'noConsoleChoice' | 'mixedBootOrder' | 'noLease';

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
  /** The lease's storage domain; null removes the lease. */
  lease?: QualifiedId | null;
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
