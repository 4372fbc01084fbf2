/**
 * What each connection says about the services behind it (issue 18): Cinder's own service list,
 * the Keystone and Glance endpoints it depends on, the oVirt engine's health, each libvirt
 * host's daemon. One row per service, in the operator's words.
 */

/** What the service itself reports (Cinder: `state`), or what reaching it told us. */
export type ServiceState = 'up' | 'down' | 'unknown';

export type ServiceRole = 'volume' | 'scheduler' | 'backup' | 'identity' | 'image' | 'engine' | 'hypervisor' | 'other';

export interface ServiceHealth {
  /** Unique within the connection (`cinder-volume@node1@lvm`). */
  key: string;
  /** The service's own name: `cinder-volume`, `Keystone`, `oVirt engine`, `libvirtd`. */
  name: string;
  role: ServiceRole;
  /** The host it runs on, as the service names it (Cinder: `node1@lvm`). */
  host?: string;
  zone?: string;
  state: ServiceState;
  /** Whether the scheduler may use it (Cinder `status` enabled/disabled); absent where there is no such switch. */
  enabled?: boolean;
  disabledReason?: string;
  /** When the service last reported itself alive (Cinder `updated_at`). */
  lastReport?: Date;
  version?: string;
  /** More versions worth showing (a libvirt host's hypervisor). */
  detail?: string;
  /** Why the state is down/unknown, in the backend's words. */
  error?: string;
  /** An administrator may disable it with a reason and enable it again (Cinder volume services). */
  switchable?: boolean;
}
