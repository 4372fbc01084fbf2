/**
 * Just enough XML for libvirt's documents (domain, pool, volume, network,
 * snapshot XML): elements, attributes, text, comments skipped. libvirt writes
 * them itself, well-formed and without DTDs or namespaces we need, so a small
 * reader beats a dependency. The writer side is `esc` for values we insert.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === '#') {
      const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ent] ?? whole;
  });
}

/** Escapes a value for an attribute or text node of XML we generate. */
export function esc(value: string | number): string {
  return String(value).replace(/[<>&"']/g, (c) => `&${Object.entries(ENTITIES).find(([, v]) => v === c)![0]};`);
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  for (const m of xml.matchAll(TOKEN)) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (stack.length > 1 && top.name === m[2]) stack.pop();
      else throw new SyntaxError(`unexpected </${m[2]}>`);
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(ATTR)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: m[3], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[5]) stack.push(el);
    } else if (m[6] !== undefined) top.text += decode(m[6]);
  }
  if (stack.length !== 1) throw new SyntaxError(`<${stack[stack.length - 1]!.name}> is not closed`);
  const doc = root.children[0];
  if (!doc) throw new SyntaxError('empty XML document');
  return doc;
}

/** Writes an element back (attributes and text escaped): a device read from a domain, to detach it. */
export function toXml(el: XmlElement): string {
  const attrs = Object.entries(el.attrs).map(([k, v]) => ` ${k}='${esc(v)}'`).join('');
  const inner = el.text.trim() ? esc(el.text.trim()) : el.children.map(toXml).join('');
  return inner ? `<${el.name}${attrs}>${inner}</${el.name}>` : `<${el.name}${attrs}/>`;
}

/** The first child element at a path: child(el, 'devices', 'graphics'). */
export function child(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) cur = cur?.children.find((c) => c.name === name);
  return cur;
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

export function textOf(el: XmlElement | undefined, ...path: string[]): string | undefined {
  const t = child(el, ...path)?.text.trim();
  return t ? t : undefined;
}

/** A size element (`<capacity unit='bytes'>…</capacity>`, `<memory unit='KiB'>…`) in bytes. */
export function bytesOf(el: XmlElement | undefined): number | undefined {
  if (!el) return undefined;
  const n = Number(el.text.trim());
  if (!Number.isFinite(n)) return undefined;
  return n * unitFactor(el.attrs.unit ?? el.attrs.units);
}

const UNITS: Record<string, number> = {
  b: 1, bytes: 1,
  k: 1024, kib: 1024, kb: 1000,
  m: 1024 ** 2, mib: 1024 ** 2, mb: 1000 ** 2,
  g: 1024 ** 3, gib: 1024 ** 3, gb: 1000 ** 3,
  t: 1024 ** 4, tib: 1024 ** 4, tb: 1000 ** 4,
};

/** libvirt's unit words; the default for memory is KiB, for storage bytes (the caller says). */
export function unitFactor(unit: string | undefined, fallback = 1): number {
  if (!unit) return fallback;
  return UNITS[unit.toLowerCase()] ?? fallback;
}
