import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import type { ConsoleSshStore } from '../../config';
import { BackendError } from '../../errors';
import { nativeIdFor } from '../../ids';
import type { CallOptions, SerialConsoleStream } from '../../types';
import { asBool, asObject, asText, listOf } from '../coerce';
import { VMCONSOLE_DEFAULT_PORT, VmconsoleError, openVmconsole, publicKeyLine, sameKey } from '../vmconsole';
import { withNotFound } from './collection';
import { itemPath, type OvirtContext } from './context';

/** What the serial console needs beyond the REST context. */
export interface SerialConsoleSetup {
  /** The engine's host, from the connection's URL: the proxy runs beside the engine. */
  host: string;
  port?: number;
  store?: ConsoleSshStore;
}

/** VM states in which the engine lists a VM's serial console (a VM that runs on a host). */
const RUNNING = new Set(['up', 'powering_up', 'powering_down', 'paused', 'migrating', 'reboot_in_progress', 'saving_state', 'restoring_state']);

/**
 * Why the engine would not offer this VM's serial console now, in its terms (the `console` device
 * comes only with all_content=true), or undefined when it may: the proxy has the last word.
 */
export async function serialConsoleRefusal(ctx: OvirtContext, vmId: QualifiedId, opts: CallOptions = {}): Promise<string | undefined> {
  const vm = await withNotFound('VM', () => ctx.transport.get(itemPath(ctx, '/vms', vmId, 'VM'), { all_content: 'true' }, opts.signal));
  const name = asText(vm.name) ?? nativeIdFor(ctx.connectionId, vmId, 'VM');
  if (asBool(asObject(vm.console)?.enabled) !== true) {
    return `The VM "${name}" has no serial console device (console enabled: false in the engine); enable it in the VM's console settings.`;
  }
  if (!RUNNING.has(asText(vm.status) ?? '')) return `The VM "${name}" is not running (status ${asText(vm.status) ?? 'unknown'}), so it has no serial console.`;
  return undefined;
}

/**
 * The dashboard's key on the connection's engine user, registered once: the user it signs in as
 * (the API root's authenticated_user) gets the public key unless it holds it already. The engine
 * keeps the keys the proxy trusts; which dashboard user may open which VM stays the dashboard's rule.
 */
async function registerKey(ctx: OvirtContext, line: string, signal?: AbortSignal): Promise<void> {
  const root = await ctx.transport.get('', undefined, signal);
  const userId = asText(asObject(root.authenticated_user)?.id);
  if (!userId) throw new BackendError('backend_error', 'The engine did not say which user the connection signs in as (authenticated_user).');
  const path = `/users/${encodeURIComponent(userId)}/sshpublickeys`;
  const keys = listOf(await ctx.transport.get(path, undefined, signal), 'ssh_public_key');
  if (keys.some((k) => sameKey(asText(k.content), line))) return;
  await ctx.transport.request({ method: 'POST', path, body: { content: line }, signal });
}

/** One open per call; the key registration is remembered per live backend (again after a refusal). */
export function serialConsoleOpener(ctx: OvirtContext, setup: SerialConsoleSetup) {
  let registered: { line: string; done: Promise<void> } | undefined;
  return async function openSerialConsole(vmId: QualifiedId, opts: CallOptions = {}): Promise<SerialConsoleStream> {
    const store = setup.store;
    if (!store) throw new BackendError('conflict', 'This dashboard keeps no SSH keys for consoles, so it cannot reach the serial console proxy.');
    const nativeId = nativeIdFor(ctx.connectionId, vmId, 'VM');
    // The id goes into the proxy's command line: engine ids are UUIDs, nothing else is sent.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(nativeId)) throw new BackendError('not_found', 'VM not found.');
    const refusal = await serialConsoleRefusal(ctx, vmId, opts);
    if (refusal) throw new BackendError('conflict', refusal);
    const privateKey = await store.privateKey(ctx.connectionId);
    const line = publicKeyLine(privateKey, `virtdash@${ctx.connectionId}`);
    if (registered?.line !== line) {
      const done = registerKey(ctx, line, opts.signal);
      registered = { line, done };
      done.catch(() => {
        if (registered?.done === done) registered = undefined;
      });
    }
    await registered.done;
    try {
      return await openVmconsole({
        host: setup.host,
        port: setup.port ?? VMCONSOLE_DEFAULT_PORT,
        privateKey,
        trustHostKey: (address, hostKey) => store.trustHostKey(ctx.connectionId, address, hostKey),
        vmId: nativeId,
        signal: opts.signal,
      });
    } catch (error) {
      // The engine may have lost the key since (an admin removed it): look again next time.
      if (error instanceof VmconsoleError && error.refusal === 'key_refused') registered = undefined;
      throw error;
    }
  };
}
