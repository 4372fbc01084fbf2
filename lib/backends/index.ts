// Types and helpers safe anywhere (no credentials, no I/O). The factory is
// imported from '@/lib/backends/factory' by server code only.
export * from './types';
export * from './capabilities';
export * from './errors';
export type { BackendConfig, BackendRuntimeOptions, ConsoleSshStore, RequestInfo, RequestLogEntry } from './config';
