/**
 * Boot order and console type in a libvirt domain's XML (issue 19 point 4). A domain says its boot
 * order one of two ways that libvirt refuses to mix: `<os><boot dev='hd'/>…` or a `<boot order='N'/>`
 * inside each device. An edit keeps the domain's way: `<os><boot>` entries are rewritten in place;
 * per-device orders go to the boot disk (the disk that had the lowest order, else the first), the
 * first CD-ROM and the first NIC, and every other device loses its order (it is not booted).
 */
import type { ConsoleProtocol } from '@/lib/domain';
import type { BootDevice } from '../vm-settings-types';
import { child, children, type XmlElement } from './xml';

const DEV_OF_OS: Record<string, BootDevice> = { hd: 'hd', cdrom: 'cdrom', network: 'network' };

type Bootable = { el: XmlElement; kind: BootDevice; order?: number };

function bootables(domain: XmlElement): Bootable[] {
  const devices = child(domain, 'devices');
  const out: Bootable[] = [];
  for (const el of devices?.children ?? []) {
    const kind: BootDevice | undefined =
      el.name === 'disk' ? (el.attrs.device === 'cdrom' ? 'cdrom' : el.attrs.device === 'disk' || !el.attrs.device ? 'hd' : undefined)
        : el.name === 'interface' ? 'network' : undefined;
    if (!kind) continue;
    const order = Number(child(el, 'boot')?.attrs.order);
    out.push({ el, kind, order: Number.isInteger(order) && order > 0 ? order : undefined });
  }
  return out;
}

/** The boot order a domain document says, as device kinds (each once, first occurrence wins). */
export function bootOrderOf(domain: XmlElement): BootDevice[] {
  const osBoots = children(child(domain, 'os'), 'boot').map((b) => DEV_OF_OS[b.attrs.dev ?? '']).filter((d): d is BootDevice => !!d);
  const ordered = osBoots.length
    ? osBoots
    : bootables(domain).filter((b) => b.order !== undefined).sort((a, b) => a.order! - b.order!).map((b) => b.kind);
  // Neither way said: QEMU boots the first disk (libvirt's default <boot dev='hd'/>).
  return [...new Set(ordered.length ? ordered : (['hd'] as BootDevice[]))];
}

/** Sets the boot order in the document (in place); throws a user-facing reason when a device is missing. */
export function setBootOrder(domain: XmlElement, order: BootDevice[]): void {
  const os = child(domain, 'os');
  if (!os) throw new Error('The domain has no <os> element.');
  const all = bootables(domain);
  const usesOs = children(os, 'boot').length > 0 || !all.some((b) => b.order !== undefined);
  if (usesOs) {
    const boots = order.map((dev) => ({ name: 'boot', attrs: { dev }, children: [], text: '' }));
    const firstBoot = os.children.findIndex((c) => c.name === 'boot');
    const kept = os.children.filter((c) => c.name !== 'boot');
    // Where the old entries were; else after what libvirt writes before them (type, firmware, kernel).
    const before = ['type', 'loader', 'nvram', 'kernel', 'initrd', 'cmdline', 'dtb'];
    const at = firstBoot >= 0
      ? os.children.slice(0, firstBoot).filter((c) => c.name !== 'boot').length
      : kept.reduce((last, c, i) => (before.includes(c.name) ? i + 1 : last), 0);
    os.children = [...kept.slice(0, at), ...boots, ...kept.slice(at)];
    return;
  }
  const firstOf = (kind: BootDevice) => {
    const of = all.filter((b) => b.kind === kind);
    return of.filter((b) => b.order !== undefined).sort((a, b) => a.order! - b.order!)[0] ?? of[0];
  };
  const chosen = order.map((kind) => {
    const b = firstOf(kind);
    if (!b) throw new MissingBootDevice(kind);
    return b;
  });
  for (const b of all) b.el.children = b.el.children.filter((c) => c.name !== 'boot');
  chosen.forEach((b, i) => {
    // <boot> goes after <target>/<source> in a device; libvirt accepts it anywhere among the children.
    b.el.children.push({ name: 'boot', attrs: { order: String(i + 1) }, children: [], text: '' });
  });
}

export class MissingBootDevice extends Error {
  constructor(readonly kind: BootDevice) {
    super(`The VM has no ${kind === 'hd' ? 'disk' : kind === 'cdrom' ? 'CD-ROM' : 'network interface'} to boot from.`);
  }
}

/** The graphical console the document defines, if any. */
export function consoleOf(domain: XmlElement): ConsoleProtocol | undefined {
  const type = child(domain, 'devices', 'graphics')?.attrs.type;
  return type === 'vnc' || type === 'spice' ? type : undefined;
}

/**
 * Turns the first `<graphics>` into one of `protocol`, keeping where it listens and its password;
 * the port is chosen by libvirt at start (autoport). Returns false when the domain has no console.
 */
export function setConsole(domain: XmlElement, protocol: ConsoleProtocol): boolean {
  const g = child(domain, 'devices', 'graphics');
  if (!g) return false;
  if (g.attrs.type === protocol) return true;
  const attrs: Record<string, string> = { type: protocol, autoport: 'yes' };
  if (g.attrs.listen !== undefined) attrs.listen = g.attrs.listen;
  if (g.attrs.passwd !== undefined) attrs.passwd = g.attrs.passwd;
  if (g.attrs.passwdValidTo !== undefined) attrs.passwdValidTo = g.attrs.passwdValidTo;
  g.attrs = attrs;
  // Only <listen> is common to both types; the rest (VNC's websocket, SPICE's channels) is per type.
  g.children = g.children.filter((c) => c.name === 'listen');
  return true;
}
