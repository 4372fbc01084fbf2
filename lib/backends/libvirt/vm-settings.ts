import 'server-only';
import type { QualifiedId } from '@/lib/domain';
import { BackendError } from '../errors';
import type { CallOptions } from '../types';
import type { VmSettings, VmSettingsFeatures, VmSettingsPatch, VmSettingsResult, VmSettingsState } from '../vm-settings-types';
import type { LibvirtContext } from './context';
import { lookupDomain } from './domains';
import { uuidToString } from './protocol';
import * as rpc from './rpc';
import { bootOrderOf, consoleOf, MissingBootDevice, setBootOrder, setConsole } from './vm-settings-xml';
import { parseXml, toXml, type XmlElement } from './xml';

/**
 * A libvirt domain's boot order, console type and autostart (issue 19 point 4). Boot order and
 * console are parts of the persistent definition (virDomainDefineXML): a running guest keeps what
 * it started with until its next start, and both are read back so the page can show the two apart.
 * Autostart is the daemon's own flag and takes effect at once. High availability and placement do
 * not exist here: a connection is one host, and libvirt restarts nothing elsewhere.
 */

export const LIBVIRT_VM_SETTINGS: VmSettingsFeatures = {
  applies: { bootOrder: 'nextStart', console: 'nextStart', autostart: 'live' },
  unsupported: { highAvailability: 'noHighAvailability', placement: 'singleHost', lease: 'noLease' },
  bootDevices: ['hd', 'cdrom', 'network'],
  consoles: ['vnc', 'spice'],
};

const settingsOf = (doc: XmlElement, autostart: boolean): VmSettings => {
  const s: VmSettings = { bootOrder: bootOrderOf(doc), autostart };
  const console = consoleOf(doc);
  if (console) s.console = console;
  return s;
};

const same = (a: VmSettings, b: VmSettings) => a.bootOrder?.join() === b.bootOrder?.join() && a.console === b.console;

export async function getVmSettings(ctx: LibvirtContext, vmId: QualifiedId, opts?: CallOptions): Promise<VmSettingsState> {
  const s = opts?.signal;
  const dom = await lookupDomain(ctx, vmId, opts);
  const autostart = await rpc.domainGetAutostart(ctx.transport, dom, s);
  const defined = settingsOf(parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE, s)), autostart);
  if (dom.id < 0) return { current: defined };
  const running = settingsOf(parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, 0, s)), autostart);
  return same(running, defined) ? { current: running } : { current: running, nextStart: defined };
}

const refuse = (words: string) => new BackendError('invalid_input', words, { detail: words });

export async function updateVmSettings(ctx: LibvirtContext, vmId: QualifiedId, patch: VmSettingsPatch, opts?: CallOptions): Promise<VmSettingsResult> {
  const s = opts?.signal;
  if (patch.highAvailability) throw refuse('libvirt has no high availability of its own: a VM runs on the one host of its connection.');
  if (patch.placement) throw refuse('A libvirt connection is one host: there is no placement to choose.');
  const dom = await lookupDomain(ctx, vmId, opts);
  try {
    if (patch.bootOrder || patch.console) {
      // SECURE: the definition written back keeps the console password.
      const doc = parseXml(await rpc.domainGetXmlDesc(ctx.transport, dom, rpc.DomainXmlFlags.INACTIVE | rpc.DomainXmlFlags.SECURE, s));
      if (patch.bootOrder) {
        try {
          setBootOrder(doc, patch.bootOrder);
        } catch (error) {
          if (error instanceof MissingBootDevice) throw refuse(error.message);
          throw error;
        }
      }
      if (patch.console && !setConsole(doc, patch.console)) throw refuse('The VM has no graphical console to change.');
      await rpc.domainDefineXml(ctx.transport, toXml(doc), s);
    }
    if (patch.autostart !== undefined) await rpc.domainSetAutostart(ctx.transport, dom, patch.autostart, s);
  } finally {
    ctx.domains.delete(uuidToString(dom.uuid));
  }
  if (dom.id < 0) return { pendingNextStart: false };
  const state = await getVmSettings(ctx, vmId, opts);
  return { pendingNextStart: state.nextStart !== undefined };
}
