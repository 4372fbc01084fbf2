import 'server-only';
import type { ConsoleEndpoint, ConsoleProtocol, QualifiedId } from '@/lib/domain';
import { BackendError } from '../../errors';
import type { CallOptions } from '../../types';
import { asText, listOf, type Json } from '../coerce';
import { ConsoleTransform } from '../transform';
import { postAction } from './actions';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/**
 * Where the VM's screen is and a fresh one-time password: the running
 * console's address/port (`current=true`), then a ticket.
 */
export async function getConsoleEndpoint(
  ctx: OvirtContext,
  vmId: QualifiedId,
  opts: CallOptions & { protocol?: ConsoleProtocol } = {},
): Promise<ConsoleEndpoint> {
  const consolesPath = `${itemPath(ctx, '/vms', vmId, 'VM')}/graphicsconsoles`;
  const body = await withNotFound('VM', () => ctx.transport.get(consolesPath, { current: true }, opts.signal));
  const console = pickConsole(listOf(body, 'graphics_console'), opts.protocol);
  if (!console) {
    throw new BackendError('conflict', 'The VM has no graphics console to connect to. Is it running?');
  }
  if (!asText(console.address)) {
    throw new BackendError('conflict', 'The VM console has no address yet. Is the VM running?');
  }
  const consoleId = encodeURIComponent(asText(console.id) ?? '');
  const ticket = await postAction(ctx, 'Console', `${consolesPath}/${consoleId}/ticket`, {}, opts);
  return ConsoleTransform.toInternal(console, ctx.connectionId, { id: vmId }, ticket);
}

/** The asked-for protocol, else VNC (noVNC is our in-browser client), else whatever there is. */
function pickConsole(consoles: Json[], wanted?: ConsoleProtocol): Json | undefined {
  const byProtocol = (p: ConsoleProtocol) => consoles.find((c) => ConsoleTransform.protocolOf(c) === p);
  if (wanted) return byProtocol(wanted);
  return byProtocol('vnc') ?? byProtocol('spice');
}
