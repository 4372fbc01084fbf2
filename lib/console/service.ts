import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { BackendError, type Backend } from '@/lib/backends';
import { parseQualifiedId, type ConsoleEndpoint, type ConsoleProtocol } from '@/lib/domain';
import { vmAccess } from '@/lib/services/access';
import { getBackend } from '@/lib/services/connections';
import { CONSOLE_WS_PATH } from './relay';
import { registerSerialConsoleOpener } from './serial-opener';
import { issueConsoleTicket } from './tickets';

const BACKEND_TIMEOUT_MS = 15_000;

// The relay (custom server) opens serial consoles through the connection's live backend, which only
// this side can reach (./serial-opener). The ticket was issued after the access check below; the
// connection is looked up again, so a connection disabled since then opens nothing.
registerSerialConsoleOpener(async ({ connectionId, vmId }, signal) => {
  const backend = await getBackend(connectionId);
  if (!backend.openSerialConsole) throw new BackendError('conflict', `The connection "${backend.name}" offers no serial console.`);
  return backend.openSerialConsole(vmId, { signal });
});

/** Another user's VM, an unknown one and an unknown connection: one answer, word for word. */
const notFound = () => new BackendError('not_found', 'VM not found.');

/**
 * The console follows THE access rule (lib/services/access.ts), like every portal page and
 * action: its canonical id when the user may open it, otherwise the one "not found".
 */
async function consoleVm(user: Pick<SessionUser, 'id' | 'role'>, asked: string): Promise<{ vmId: string; backend: Backend } | null> {
  const { allowed, vmId } = await vmAccess(user, asked);
  const parsed = allowed ? parseQualifiedId(vmId) : undefined;
  return parsed ? { vmId, backend: await getBackend(parsed.connectionId) } : null;
}

/** The backend, after the permission check, and a fresh console endpoint with its one-time password. */
export async function consoleEndpointFor(
  user: Pick<SessionUser, 'id' | 'role'>,
  asked: string,
  protocol?: ConsoleProtocol,
): Promise<{ backend: Backend; endpoint: ConsoleEndpoint; vmId: string }> {
  const vm = await consoleVm(user, asked);
  if (!vm) throw notFound();
  const { backend, vmId } = vm;
  if (!backend.getConsoleEndpoint) throw new BackendError('conflict', `The connection "${backend.name}" offers no consoles.`);
  const endpoint = await backend.getConsoleEndpoint(vmId, { protocol, signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  return { backend, endpoint, vmId };
}

/**
 * What the console page needs before it asks for a ticket: whether this user may open this VM's
 * console (the same rule as the ticket), and the VM's name for the title.
 */
export async function consolePageFor(user: Pick<SessionUser, 'id' | 'role'>, asked: string): Promise<{ allowed: boolean; vmName?: string }> {
  const vm = await consoleVm(user, asked);
  if (!vm) return { allowed: false };
  const read = await vm.backend.getVm?.(vm.vmId, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  return { allowed: true, vmName: read?.name };
}

/**
 * The serial console page: the same rule, whether the VM's connection has serial consoles at all,
 * and, where the backend can say so before trying (oVirt: the VM's console device is off), why
 * this VM's cannot open (`refusal`, in the backend's words).
 */
export async function serialConsolePageFor(
  user: Pick<SessionUser, 'id' | 'role'>,
  asked: string,
): Promise<{ allowed: boolean; vmName?: string; offered: boolean; refusal?: string }> {
  const vm = await consoleVm(user, asked);
  if (!vm) return { allowed: false, offered: false };
  const signal = AbortSignal.timeout(BACKEND_TIMEOUT_MS);
  const read = await vm.backend.getVm?.(vm.vmId, { signal });
  const offered = typeof vm.backend.openSerialConsole === 'function';
  const refusal = offered ? await vm.backend.serialConsoleRefusal?.(vm.vmId, { signal }) : undefined;
  return { allowed: true, vmName: read?.name, offered, ...(refusal ? { refusal } : {}) };
}

export interface IssuedConsole {
  token: string;
  expiresAt: string;
  protocol: ConsoleProtocol | 'serial';
  /** Where the page opens the WebSocket (same origin). */
  path: string;
  vmName?: string;
}

/** A single-use console ticket for this user and VM (README: "Consoles"). */
export async function issueConsole(user: Pick<SessionUser, 'id' | 'role'>, asked: string, protocol?: ConsoleProtocol): Promise<IssuedConsole> {
  const { backend, endpoint, vmId } = await consoleEndpointFor(user, asked, protocol);
  if (!endpoint.port) {
    throw new BackendError('conflict', 'The console listens only on a TLS port, which the browser console cannot use yet: download the .vv file for remote-viewer.');
  }
  const vmName = endpoint.vm.name ?? (await backend.getVm?.(vmId, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) }).then((v) => v.name, () => undefined));
  const { token, expiresAt } = await issueConsoleTicket({
    userId: user.id,
    connectionId: backend.id,
    vmId,
    vmName,
    protocol: endpoint.protocol,
    host: endpoint.host,
    port: endpoint.port,
    password: endpoint.password,
    passwordExpiresAt: endpoint.passwordExpiresAt,
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    protocol: endpoint.protocol,
    path: CONSOLE_WS_PATH,
    vmName,
    // No password, for SPICE either: the relay puts it into the SPICE link itself, encrypted with the
    // VM's key (./spice-handshake.ts), so the browser never holds it.
  };
}

/**
 * A single-use ticket for the VM's serial console. Checked here as far as it can be before the
 * WebSocket: the same access rule, a connection that has serial consoles, a running VM (the backend
 * refuses a stopped one again when the relay opens it).
 */
export async function issueSerialConsole(user: Pick<SessionUser, 'id' | 'role'>, asked: string): Promise<IssuedConsole> {
  const vm = await consoleVm(user, asked);
  if (!vm) throw notFound();
  const { backend, vmId } = vm;
  if (!backend.openSerialConsole) throw new BackendError('conflict', `The connection "${backend.name}" offers no serial console in the browser.`);
  const read = await backend.getVm?.(vmId, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  if (read && read.status !== 'running' && read.status !== 'paused') {
    throw new BackendError('conflict', `The VM "${read.name}" is not running, so it has no serial console.`);
  }
  const refusal = await backend.serialConsoleRefusal?.(vmId, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  if (refusal) throw new BackendError('conflict', refusal);
  const { token, expiresAt } = await issueConsoleTicket({
    userId: user.id,
    connectionId: backend.id,
    vmId,
    vmName: read?.name,
    protocol: 'serial',
    host: '',
    port: 0,
  });
  return { token, expiresAt: expiresAt.toISOString(), protocol: 'serial', path: CONSOLE_WS_PATH, vmName: read?.name };
}
