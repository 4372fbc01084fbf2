/**
 * A VM's devices after creation (issue 19): its disks, NICs and CD-ROM, as optional Backend
 * methods declared by module augmentation (like network-types.ts), so the shared Backend interface
 * stays one list and these additions merge apart from it. No capability flag: the services check
 * the method exists and hide the action, with the reason, otherwise (like the other VM operations).
 */
import type { Nic, QualifiedId } from '@/lib/domain';
import type { CallOptions, DiskInterface, NicInterface, TaskRef } from './types';

/** A new disk made for one VM and plugged into it. */
export interface VmDiskAddInput {
  name: string;
  sizeBytes: number;
  storageDomainId: QualifiedId;
  /** Thin (sparse qcow2) or preallocated (raw). */
  thin: boolean;
  interface: DiskInterface;
  bootable: boolean;
  /** The domain is managed block storage: the disk is a Cinder volume (raw, preallocated). */
  managedBlock?: boolean;
}

/** An existing floating disk plugged into the VM. */
export interface VmDiskAttachInput {
  diskId: QualifiedId;
  interface: DiskInterface;
  bootable: boolean;
}

/** What changes on one of the VM's disks; a size only grows it. */
export interface VmDiskUpdate {
  interface?: DiskInterface;
  bootable?: boolean;
  /** false: hot-unplugged from the running VM (still attached); true: plugged again. */
  active?: boolean;
  sizeBytes?: number;
}

export interface VmNicInput {
  name: string;
  vnicProfileId?: QualifiedId;
  interface: NicInterface;
  /** Absent: the backend picks one from its pool. */
  mac?: string;
}

/** `vnicProfileId: null` leaves the NIC on no network. */
export interface VmNicUpdate {
  name?: string;
  vnicProfileId?: QualifiedId | null;
  interface?: NicInterface;
  mac?: string;
  linked?: boolean;
  plugged?: boolean;
}

/** The CD-ROM: what the running VM has now, and what its definition boots with next. */
export interface VmCdromState {
  /** The ISO in the running VM's drive (absent: empty, or the VM is not running). */
  currentIsoFileId?: string;
  /** The ISO in the VM's persistent definition (next start). */
  persistentIsoFileId?: string;
}

/** What the device methods cannot do in place on this backend (absent: everything), so the UI hides it with the reason. */
export interface VmDeviceLimits {
  /** A disk's interface, bootable flag and plugged state. */
  diskSettings: boolean;
  /** Unplug a NIC but keep it on the VM. */
  nicUnplug: boolean;
  /** A NIC's model and MAC. */
  nicSettings: boolean;
  /** Disks on managed block storage (Cinder drivers inside the engine); unset means yes. */
  managedBlockDisks?: boolean;
}

declare module './types' {
  interface Backend {
    readonly vmDeviceLimits?: Readonly<VmDeviceLimits>;
    /** Creates a disk on a storage domain and plugs it into the VM (hot-plugged into a running VM where the backend can). */
    addVmDisk?(vmId: QualifiedId, input: VmDiskAddInput, opts?: CallOptions): Promise<TaskRef>;
    attachVmDisk?(vmId: QualifiedId, input: VmDiskAttachInput, opts?: CallOptions): Promise<void>;
    /** Interface, bootable flag, or a larger size (grown online where the backend can). */
    updateVmDisk?(vmId: QualifiedId, diskId: QualifiedId, patch: VmDiskUpdate, opts?: CallOptions): Promise<void>;
    /** Unplugs the disk; `removeData` also deletes it (its snapshots too). */
    detachVmDisk?(vmId: QualifiedId, diskId: QualifiedId, options: { removeData: boolean }, opts?: CallOptions): Promise<void>;
    addVmNic?(vmId: QualifiedId, input: VmNicInput, opts?: CallOptions): Promise<Nic>;
    updateVmNic?(vmId: QualifiedId, nicId: QualifiedId, patch: VmNicUpdate, opts?: CallOptions): Promise<void>;
    removeVmNic?(vmId: QualifiedId, nicId: QualifiedId, opts?: CallOptions): Promise<void>;
    getVmCdrom?(vmId: QualifiedId, opts?: CallOptions): Promise<VmCdromState>;
    /**
     * Inserts an ISO (null ejects). `live`: into the running VM's drive only (it is gone at the next
     * start); otherwise into the persistent definition (the next start; a stopped VM at once).
     */
    setVmCdrom?(vmId: QualifiedId, isoFileId: string | null, options: { live: boolean }, opts?: CallOptions): Promise<void>;
  }
}

export {};
