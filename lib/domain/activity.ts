import type { Entity, Ref } from './ids';
import type { EventSeverity, TaskStatus } from './status';

export interface Event extends Entity {
  /** Monotonic position in the backend's event log; use it to poll for newer events. */
  index: number;
  code?: number;
  severity: EventSeverity;
  nativeSeverity: string;
  time: Date;
  description: string;
  correlationId?: string;
  vm?: Ref;
  host?: Ref;
  cluster?: Ref;
  dataCenter?: Ref;
  storageDomain?: Ref;
  user?: Ref;
}

export interface TaskStep {
  id: string;
  description: string;
  status: TaskStatus;
  nativeStatus?: string;
  /** 0-100 when the backend reports it. */
  progress?: number;
  type?: string;
  number?: number;
  startedAt?: Date;
  endedAt?: Date;
}

/** A long-running job (oVirt job, Cinder async operation) the UI can follow. */
export interface Task extends Entity {
  description: string;
  status: TaskStatus;
  nativeStatus?: string;
  /** 0-100. */
  progress: number;
  steps: TaskStep[];
  startedAt?: Date;
  endedAt?: Date;
  lastUpdatedAt?: Date;
  correlationId?: string;
}
