/** THE list of backend kinds: the connection form, the stored config and the Backend interface all use it. */
export const BACKEND_KINDS = ['ovirt', 'libvirt', 'cinder'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];
