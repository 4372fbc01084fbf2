import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { BackendError, type Backend } from '@/lib/backends';
import { parseQualifiedId, type ConsoleEndpoint, type ConsoleProtocol } from '@/lib/domain';
import { vmAccess } from '@/lib/services/access';
import { getBackend } from '@/lib/services/connections';
import { CONSOLE_WS_PATH } from './relay';
import { issueConsoleTicket } from './tickets';

const BACKEND_TIMEOUT_MS = 15_000;

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

export interface IssuedConsole {
  token: string;
  expiresAt: string;
  protocol: ConsoleProtocol;
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
