import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { BackendError, type Backend } from '@/lib/backends';
import { parseQualifiedId, type ConsoleEndpoint, type ConsoleProtocol } from '@/lib/domain';
import { getBackend } from '@/lib/services/connections';
import { mayUseConsole } from './access';
import { CONSOLE_WS_PATH } from './relay';
import { issueConsoleTicket } from './tickets';

const BACKEND_TIMEOUT_MS = 15_000;

/** The backend, after the permission check, and a fresh console endpoint with its one-time password. */
export async function consoleEndpointFor(
  user: Pick<SessionUser, 'id' | 'role'>,
  vmId: string,
  protocol?: ConsoleProtocol,
): Promise<{ backend: Backend; endpoint: ConsoleEndpoint }> {
  const parsed = parseQualifiedId(vmId);
  if (!parsed) throw new BackendError('invalid_input', 'Not a VM id.');
  const backend = await getBackend(parsed.connectionId);
  if (!backend.getConsoleEndpoint) throw new BackendError('conflict', `The connection "${backend.name}" offers no consoles.`);
  if (!(await mayUseConsole(user, backend, vmId))) {
    throw new BackendError('forbidden', 'Only administrators may open consoles through this connection.');
  }
  const endpoint = await backend.getConsoleEndpoint(vmId, { protocol, signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  return { backend, endpoint };
}

/**
 * What the console page needs before it asks for a ticket: whether this user may open this VM's
 * console (the same rule as the ticket), and the VM's name for the title.
 */
export async function consolePageFor(user: Pick<SessionUser, 'id' | 'role'>, vmId: string): Promise<{ allowed: boolean; vmName?: string }> {
  const parsed = parseQualifiedId(vmId);
  if (!parsed) throw new BackendError('not_found', 'Not a VM id.');
  const backend = await getBackend(parsed.connectionId);
  if (!(await mayUseConsole(user, backend, vmId))) return { allowed: false };
  const vm = await backend.getVm?.(vmId, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) });
  return { allowed: true, vmName: vm?.name };
}

export interface IssuedConsole {
  token: string;
  expiresAt: string;
  protocol: ConsoleProtocol;
  /** Where the page opens the WebSocket (same origin). */
  path: string;
  vmName?: string;
}

/** A single-use console ticket for this user and VM (README: "Consoles"). */
export async function issueConsole(user: Pick<SessionUser, 'id' | 'role'>, vmId: string, protocol?: ConsoleProtocol): Promise<IssuedConsole> {
  const { backend, endpoint } = await consoleEndpointFor(user, vmId, protocol);
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
