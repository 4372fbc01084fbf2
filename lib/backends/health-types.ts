/**
 * Service health and the hosted engine as optional Backend methods (declared by module
 * augmentation so the shared Backend interface stays one list). No capability flag: the service
 * layer checks that the method exists and says "not supported" otherwise.
 */
import type { QualifiedId, ServiceHealth } from '@/lib/domain';
import type { CallOptions, TaskRef } from './types';

/** A Cinder service is named by its host and binary (os-services has no ids). */
export interface ServiceRef {
  host: string;
  binary: string;
}

declare module './types' {
  interface Backend {
    /** Every service behind this connection, each probed or listed now (never from a cache). */
    listServiceHealth?(opts?: CallOptions): Promise<ServiceHealth[]>;
    /** Cinder: stop (with the reason recorded) or resume scheduling onto one service. Admin only. */
    setServiceEnabled?(service: ServiceRef, enabled: boolean, reason: string | undefined, opts?: CallOptions): Promise<void>;
    /** oVirt hosted engine: global HA maintenance, set through the engine VM's `maintenance` action. */
    setHostedEngineGlobalMaintenance?(engineVmId: QualifiedId, enabled: boolean, opts?: CallOptions): Promise<TaskRef>;
  }
}
