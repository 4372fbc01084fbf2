/**
 * Gluster operations as optional Backend methods (module augmentation, as network-types.ts), promised
 * by the glusterVolumes capability (capabilities.ts). Only the oVirt engine drives Gluster; libvirt's
 * gluster storage pools and Cinder's drivers consume volumes but cannot create or heal them.
 */
import type { GlusterBrickInput, GlusterVolume, GlusterVolumeInput, QualifiedId } from '@/lib/domain';
import type { CallOptions, TaskRef } from './types';

export type GlusterVolumeActionName = 'start' | 'stop' | 'rebalance' | 'stopRebalance';

/** The two steps of removing bricks without losing data, and the way back. */
export type GlusterMigrationStep = 'start' | 'stop' | 'retain';

declare module './types' {
  interface Backend {
    /** Volumes of one cluster, each with its bricks. */
    listGlusterVolumes?(clusterId: QualifiedId, opts?: CallOptions): Promise<GlusterVolume[]>;
    getGlusterVolume?(id: QualifiedId, opts?: CallOptions): Promise<GlusterVolume>;
    /** Created stopped, as the engine does. */
    createGlusterVolume?(input: GlusterVolumeInput, opts?: CallOptions): Promise<GlusterVolume>;
    removeGlusterVolume?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    /** `force`: stop even while a rebalance or migration runs; start bricks that are down. */
    glusterVolumeAction?(id: QualifiedId, action: GlusterVolumeActionName, options?: { force?: boolean }, opts?: CallOptions): Promise<TaskRef>;
    setGlusterVolumeOption?(id: QualifiedId, name: string, value: string, opts?: CallOptions): Promise<void>;
    /** `name: null` resets every option. */
    resetGlusterVolumeOption?(id: QualifiedId, name: string | null, opts?: CallOptions): Promise<void>;
    /** The virt store profile: gluster's virt option group and ownership by vdsm:kvm (36:36). */
    optimizeGlusterVolumeForVirt?(id: QualifiedId, opts?: CallOptions): Promise<void>;
    /** `replicaCount`: the count after the change, when it changes. */
    addGlusterBricks?(id: QualifiedId, bricks: GlusterBrickInput[], replicaCount?: number, opts?: CallOptions): Promise<void>;
    /** Commits a finished migration of these bricks, or removes them at once (their data is lost). */
    removeGlusterBricks?(id: QualifiedId, brickNames: string[], replicaCount?: number, opts?: CallOptions): Promise<void>;
    glusterBrickMigration?(id: QualifiedId, brickNames: string[], step: GlusterMigrationStep, opts?: CallOptions): Promise<TaskRef>;
  }
}
