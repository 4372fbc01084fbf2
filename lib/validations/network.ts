import { z } from 'zod';
import { BOOT_PROTOCOLS, QOS_TYPES, VIRTUAL_NETWORK_MODES, type NetworkBandwidth } from '@/lib/domain/networks';
import { DESCRIPTION_MAX, checkbox, optionalText, qualifiedId, removeSchema } from './datacenter';

/**
 * THE network forms (logical network, cluster roles, vNIC profile, host network setup, virtual
 * network), parsed by the form and again by the server action. Messages are i18n keys.
 */
const P = 'networks.errors';

/** oVirt network names: letters, digits, '_' and '-' (no dots: they become bridge names on hosts). */
export const NETWORK_NAME = /^[A-Za-z0-9_-]{1,50}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
/** An IPv6 literal, checked properly (the form's gate before the engine's own). */
function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(s) || (s.match(/::/g)?.length ?? 0) > 1) return false;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const groups = (x: string | undefined) => (x ? x.split(':') : []);
  const parts = [...groups(head), ...groups(tail)];
  const v4 = parts.length && IPV4.test(parts[parts.length - 1]!) ? 1 : 0;
  const hex = v4 ? parts.slice(0, -1) : parts;
  if (!hex.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hex.length + v4 * 2;
  return tail === undefined ? count === 8 : count <= 7;
}

const emptyToUndefined = (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const name = z.string({ error: `${P}.nameInvalid` }).trim().regex(NETWORK_NAME, { error: `${P}.nameInvalid` });
const vlan = z.preprocess(emptyToUndefined, z.coerce.number({ error: `${P}.vlanInvalid` }).int({ error: `${P}.vlanInvalid` }).min(0, { error: `${P}.vlanInvalid` }).max(4094, { error: `${P}.vlanInvalid` }).optional());
const mtu = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ error: `${P}.mtuInvalid` }).int({ error: `${P}.mtuInvalid` }).refine((n) => n === 0 || (n >= 68 && n <= 65520), { error: `${P}.mtuInvalid` }).optional(),
);
const dns = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : []),
  z.array(z.string().refine((s) => IPV4.test(s) || IPV6.test(s), { error: `${P}.dnsInvalid` })).max(5, { error: `${P}.dnsInvalid` }),
);

/** A QoS select: empty = none. */
const qosChoice = z.preprocess(emptyToUndefined, qualifiedId(`${P}.idInvalid`).optional());

export const networkCreateSchema = z.object({
  dataCenterId: qualifiedId(`${P}.dataCenterRequired`),
  name,
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  vlanId: vlan,
  mtu,
  vmNetwork: checkbox,
  portIsolation: checkbox,
  dnsServers: dns,
  qosId: qosChoice,
});
export type NetworkCreateInput = z.infer<typeof networkCreateSchema>;

export const networkEditSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  name,
  description: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(DESCRIPTION_MAX, { error: `${P}.descriptionTooLong` })),
  vlanId: vlan,
  mtu,
  vmNetwork: checkbox,
  dnsServers: dns,
  qosId: qosChoice,
});
export type NetworkEditInput = z.infer<typeof networkEditSchema>;

export const networkRemoveSchema = removeSchema(P);

/** Roles are separate checkboxes: a form posts each once. */
export const CLUSTER_ROLES = ['management', 'display', 'migration', 'gluster', 'default_route'] as const;
export const clusterNetworkSchema = z.object({
  clusterId: qualifiedId(`${P}.idInvalid`),
  networkId: qualifiedId(`${P}.idInvalid`),
  attached: checkbox,
  required: checkbox,
  role_management: checkbox,
  role_display: checkbox,
  role_migration: checkbox,
  role_gluster: checkbox,
  role_default_route: checkbox,
});
export type ClusterNetworkInput = z.infer<typeof clusterNetworkSchema>;

export const vnicProfileSchema = z.object({
  /** Absent: a new profile on networkId. */
  id: z.preprocess(emptyToUndefined, qualifiedId(`${P}.idInvalid`).optional()),
  networkId: qualifiedId(`${P}.idInvalid`),
  name,
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  /** "default" (the engine's), "none", or a filter name. */
  networkFilter: z.preprocess((v) => emptyToUndefined(v) ?? 'default', z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: `${P}.filterInvalid` })),
  portMirroring: checkbox,
  passThrough: checkbox,
  qosId: qosChoice,
});
export type VnicProfileFormInput = z.infer<typeof vnicProfileSchema>;

export const vnicProfileRemoveSchema = removeSchema(P);

/**
 * A data center QoS entry. Only the shape is checked here (whole numbers, sizes); which values go
 * together (all three per direction, peak not below average, link share with the rates) is the
 * engine's to refuse, in its words.
 */
const qosValue = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ error: `${P}.qosValueInvalid` }).int({ error: `${P}.qosValueInvalid` }).min(0, { error: `${P}.qosValueInvalid` }).max(1_000_000, { error: `${P}.qosValueInvalid` }).optional(),
);
export const networkQosSchema = z.object({
  dataCenterId: qualifiedId(`${P}.dataCenterRequired`),
  name: z.string({ error: `${P}.qosNameInvalid` }).trim().regex(/^[A-Za-z0-9_.-]{1,50}$/, { error: `${P}.qosNameInvalid` }),
  description: optionalText(DESCRIPTION_MAX, `${P}.descriptionTooLong`),
  type: z.enum(QOS_TYPES, { error: `${P}.qosTypeInvalid` }),
  inAverage: qosValue, inPeak: qosValue, inBurst: qosValue, outAverage: qosValue, outPeak: qosValue, outBurst: qosValue,
  linkShare: qosValue, upperLimit: qosValue, realTime: qosValue,
});
export type NetworkQosFormInput = z.infer<typeof networkQosSchema>;

export const networkQosRemoveSchema = z.object({ dataCenterId: qualifiedId(`${P}.idInvalid`), id: qualifiedId(`${P}.idInvalid`), name: z.string().max(255) });

// ---- host network setup (one JSON field: the whole edit is one request)

/** One address family's configuration: an IPv4 slot takes IPv4 only, an IPv6 slot IPv6 only. */
const ipConfigOf = (family: 4 | 6) =>
  z
    .object({
      bootProtocol: z.enum(BOOT_PROTOCOLS, { error: `${P}.bootProtocolInvalid` }),
      address: z.string().trim().optional(),
      netmask: z.string().trim().optional(),
      gateway: z.string().trim().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.bootProtocol !== 'static') return;
      if (family === 4) {
        if (!v.address || !IPV4.test(v.address)) ctx.addIssue({ code: 'custom', message: `${P}.addressInvalid` });
        else if (!(v.netmask && (IPV4.test(v.netmask) || /^([0-9]|[12]\d|3[0-2])$/.test(v.netmask)))) ctx.addIssue({ code: 'custom', message: `${P}.netmaskInvalid` });
        if (v.gateway && !IPV4.test(v.gateway)) ctx.addIssue({ code: 'custom', message: `${P}.gatewayInvalid` });
        return;
      }
      if (!v.address || !isIPv6(v.address)) ctx.addIssue({ code: 'custom', message: `${P}.address6Invalid` });
      else if (!(v.netmask && /^\d{1,3}$/.test(v.netmask) && Number(v.netmask) <= 128)) ctx.addIssue({ code: 'custom', message: `${P}.prefix6Invalid` });
      if (v.gateway && !isIPv6(v.gateway)) ctx.addIssue({ code: 'custom', message: `${P}.gatewayInvalid` });
    });

const nicName = z.string().regex(/^[A-Za-z0-9_.:-]{1,32}$/, { error: `${P}.nicInvalid` });

export const hostNetworkSetupSchema = z.object({
  modifiedBonds: z
    .array(
      z.object({
        name: z.string().regex(/^bond\d{1,3}$/, { error: `${P}.bondNameInvalid` }),
        mode: z.enum(['0', '1', '2', '3', '4', '5', '6'], { error: `${P}.bondModeInvalid` }).optional(),
        options: z.record(z.string().regex(/^[a-z_]{1,32}$/), z.string().max(64)).optional(),
        slaves: z.array(nicName).max(16),
      }),
    )
    .max(16),
  removedBonds: z.array(nicName).max(16),
  modifiedAttachments: z
    .array(z.object({ id: qualifiedId(`${P}.idInvalid`).optional(), networkId: qualifiedId(`${P}.idInvalid`), nicName, ipv4: ipConfigOf(4).optional(), ipv6: ipConfigOf(6).optional() }))
    .max(64),
  removedAttachments: z.array(qualifiedId(`${P}.idInvalid`)).max(64),
  synchronizedAttachments: z.array(qualifiedId(`${P}.idInvalid`)).max(64),
  checkConnectivity: z.boolean(),
  connectivityTimeoutSeconds: z.number().int().min(1).max(600).optional(),
  commitOnSuccess: z.boolean(),
});

export const hostSetupFormSchema = z.object({
  hostId: qualifiedId(`${P}.idInvalid`),
  setup: z.string().transform((raw, ctx) => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${P}.setupInvalid` });
      return z.NEVER;
    }
    const parsed = hostNetworkSetupSchema.safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: parsed.error.issues[0]?.message.startsWith(P) ? parsed.error.issues[0].message : `${P}.setupInvalid` });
      return z.NEVER;
    }
    return parsed.data;
  }),
});

// ---- libvirt virtual networks

/** libvirt's rates: KiB/s (average, peak) and KiB (burst), whole numbers it stores as unsigned 32-bit. */
const rate = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ error: `${P}.rateInvalid` }).int({ error: `${P}.rateInvalid` }).min(1, { error: `${P}.rateInvalid` }).max(4_294_967_295, { error: `${P}.rateInvalid` }).optional(),
);
const bandwidthFields = { inAverage: rate, inPeak: rate, inBurst: rate, outAverage: rate, outPeak: rate, outBurst: rate };
type BandwidthFields = { inAverage?: number; inPeak?: number; inBurst?: number; outAverage?: number; outPeak?: number; outBurst?: number };

/** Peak or burst without an average is what libvirt refuses ("missing mandatory average"): said per field here. */
function checkBandwidth(v: BandwidthFields, ctx: z.RefinementCtx): void {
  for (const dir of ['in', 'out'] as const) {
    if (v[`${dir}Average`] === undefined && (v[`${dir}Peak`] !== undefined || v[`${dir}Burst`] !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [`${dir}Average`], message: `${P}.averageRequired` });
    }
  }
}

/** The form's six fields as the domain's NetworkBandwidth; undefined when none is set. */
export function bandwidthOfFields(v: BandwidthFields): NetworkBandwidth | undefined {
  const out: NetworkBandwidth = {};
  for (const dir of ['in', 'out'] as const) {
    const average = v[`${dir}Average`];
    if (average === undefined) continue;
    const peak = v[`${dir}Peak`];
    const burst = v[`${dir}Burst`];
    out[dir === 'in' ? 'inbound' : 'outbound'] = { average, ...(peak !== undefined ? { peak } : {}), ...(burst !== undefined ? { burst } : {}) };
  }
  return out.inbound || out.outbound ? out : undefined;
}

export const bandwidthSchema = z.object({ id: qualifiedId(`${P}.idInvalid`), ...bandwidthFields }).superRefine(checkBandwidth);

export const virtualNetworkCreateSchema = z
  .object({
    connectionId: z.string({ error: `${P}.connectionRequired` }).regex(/^[^:\s]+$/, { error: `${P}.connectionRequired` }),
    name,
    mode: z.enum(VIRTUAL_NETWORK_MODES, { error: `${P}.modeInvalid` }),
    address: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    prefix: z.preprocess(emptyToUndefined, z.coerce.number().int().min(8, { error: `${P}.prefixInvalid` }).max(30, { error: `${P}.prefixInvalid` }).optional()),
    dhcpStart: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    dhcpEnd: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    bridge: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, { error: `${P}.bridgeInvalid` }).optional()),
    forwardDev: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,15}$/, { error: `${P}.bridgeInvalid` }).optional()),
    autostart: checkbox,
    ...bandwidthFields,
  })
  .superRefine((v, ctx) => {
    checkBandwidth(v, ctx);
    if (v.mode === 'bridge' && bandwidthOfFields(v)) ctx.addIssue({ code: 'custom', path: ['inAverage'], message: `${P}.bandwidthBridge` });
    if (v.mode === 'bridge' && !v.bridge) ctx.addIssue({ code: 'custom', path: ['bridge'], message: `${P}.bridgeRequired` });
    if (v.mode !== 'bridge' && (!v.address || !v.prefix)) ctx.addIssue({ code: 'custom', path: ['address'], message: `${P}.addressInvalid` });
    if (Boolean(v.dhcpStart) !== Boolean(v.dhcpEnd)) ctx.addIssue({ code: 'custom', path: ['dhcpStart'], message: `${P}.dhcpInvalid` });
  });

export const virtualNetworkOpSchema = z.object({
  id: qualifiedId(`${P}.idInvalid`),
  op: z.enum(['start', 'stop', 'autostart-on', 'autostart-off'], { error: `${P}.opInvalid` }),
});

export const dhcpRangeSchema = z
  .object({
    id: qualifiedId(`${P}.idInvalid`),
    dhcpStart: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
    dhcpEnd: z.preprocess(emptyToUndefined, z.string().regex(IPV4, { error: `${P}.addressInvalid` }).optional()),
  })
  .refine((v) => Boolean(v.dhcpStart) === Boolean(v.dhcpEnd), { error: `${P}.dhcpInvalid`, path: ['dhcpStart'] });
