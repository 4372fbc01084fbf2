import { BackendError } from '../errors';

/**
 * How to reach the daemon behind a libvirt URI, following libvirt's own remote
 * driver (docs: "Remote support", uri.html): `driver[+transport]://[user@][host][:port]/path[?params]`.
 * No transport and no host means the local daemon's UNIX socket, which is also
 * how libvirt itself serves qemu:///system; the dashboard never links libvirt,
 * so test:///… fixtures go to the local daemon the same way.
 */
export type LibvirtTransportKind = 'unix' | 'tcp' | 'tls' | 'ssh';

export interface LibvirtTarget {
  transport: LibvirtTransportKind;
  /** The URI the daemon opens (CONNECT_OPEN): transport, host and client-side parameters removed. */
  driverUri: string;
  driver: string;
  host?: string;
  port?: number;
  user?: string;
  /** unix: candidate socket paths, tried in order. */
  socketPaths: string[];
  /** ssh: the UNIX socket on the remote host (for nc when virt-ssh-helper is missing). */
  remoteSocket: string;
  /** The URI named the socket (`socket=`). */
  explicitSocket: boolean;
  /** ssh: `keyfile=` from the URI. */
  keyFile?: string;
  /** tls: `no_verify=1` skips the server certificate check (labs). */
  noVerify: boolean;
  /** `cluster=` (ours, not libvirt's): hosts given the same name show as one cluster. */
  cluster?: string;
  /**
   * `connector_ip=` and `initiator=` (ours): the address and iSCSI initiator name this host gives
   * the block storage service when a volume is attached (defaults: the URI's host, a name derived
   * from the host name).
   */
  connectorIp?: string;
  initiator?: string;
}

export const LIBVIRT_TCP_PORT = 16509;
export const LIBVIRT_TLS_PORT = 16514;

// Parameters only the client reads (libvirt's remote driver strips them before CONNECT_OPEN).
const CLIENT_PARAMS = new Set([
  'name', 'command', 'socket', 'auth', 'netcat', 'keyfile', 'no_verify', 'no_tty', 'pkipath', 'known_hosts',
  'known_hosts_verify', 'sshauth', 'mode', 'proxy', 'tls_priority', 'cluster', 'connector_ip', 'initiator', 'migrate_uri',
]);
// Ours: no libvirt client knows them, so a URI handed to another daemon goes without them.
const OUR_PARAMS = new Set(['cluster', 'connector_ip', 'initiator', 'migrate_uri']);

// Drivers served by a libvirt daemon (esx/vpx/hyperv live only in the client library, which we do not link).
const URI = /^(qemu|test|lxc|xen|libxl|bhyve|vz|ch|vbox)(?:\+([a-z0-9]+))?:\/\/([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i;

export function parseLibvirtUri(uri: string): LibvirtTarget {
  const m = URI.exec(uri.trim());
  if (!m) throw new BackendError('invalid_input', `"${uri}" is not a libvirt URI (for example qemu+ssh://root@host/system).`);
  const driver = m[1]!.toLowerCase();
  const transportWord = m[2]?.toLowerCase();
  const authority = m[3] ?? '';
  const path = m[4] ?? '/';
  const params = new URLSearchParams(m[5] ?? '');

  let user: string | undefined;
  let hostPort = authority;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    user = decodeURIComponent(authority.slice(0, at));
    hostPort = authority.slice(at + 1);
  }
  let host: string | undefined;
  let port: number | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  if (bracket) {
    host = bracket[1];
    port = bracket[2] ? Number(bracket[2]) : undefined;
  } else if (hostPort) {
    const [h, p] = hostPort.split(':');
    host = h || undefined;
    port = p ? Number(p) : undefined;
  }
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new BackendError('invalid_input', `The port in "${uri}" is not valid.`);
  }

  let transport: LibvirtTransportKind;
  switch (transportWord) {
    case undefined:
      // libvirt: a host without a transport means TLS.
      transport = host ? 'tls' : 'unix';
      break;
    case 'unix':
    case 'tcp':
    case 'tls':
      transport = transportWord;
      break;
    case 'ssh':
    case 'libssh':
    case 'libssh2':
      transport = 'ssh';
      break;
    default:
      throw new BackendError('invalid_input', `The libvirt transport "+${transportWord}" is not supported; use unix, tcp, tls or ssh.`);
  }
  if ((transport === 'tcp' || transport === 'tls' || transport === 'ssh') && !host) {
    throw new BackendError('invalid_input', `"${uri}" names no host.`);
  }

  const driverParams = new URLSearchParams();
  for (const [k, v] of params) if (!CLIENT_PARAMS.has(k)) driverParams.append(k, v);
  const query = driverParams.toString();
  const driverUri = `${driver}://${path}${query ? `?${query}` : ''}`;

  const explicitSocket = params.get('socket') ?? undefined;
  // libvirt 5.6+ may run one daemon per driver (virtqemud); older hosts and Debian's libvirtd one socket for all.
  const modular = driver === 'test' ? [] : [`/var/run/libvirt/virt${driver}d-sock`];
  const socketPaths = explicitSocket ? [explicitSocket] : [...modular, '/var/run/libvirt/libvirt-sock'];

  return {
    transport,
    driverUri,
    driver,
    host,
    port: port ?? (transport === 'tcp' ? LIBVIRT_TCP_PORT : transport === 'tls' ? LIBVIRT_TLS_PORT : port),
    user,
    socketPaths,
    remoteSocket: explicitSocket ?? '/var/run/libvirt/libvirt-sock',
    explicitSocket: explicitSocket !== undefined,
    keyFile: params.get('keyfile') ?? undefined,
    noVerify: params.get('no_verify') === '1',
    cluster: params.get('cluster') || undefined,
    connectorIp: params.get('connector_ip') || undefined,
    initiator: params.get('initiator') || undefined,
  };
}

/**
 * The URI another host's daemon opens to migrate a guest here (peer-to-peer: the SOURCE daemon
 * connects, not the dashboard): the connection's `migrate_uri=` (ours: when that daemon must reach
 * this one by another address or transport), else the connection's own URI without our parameters.
 */
export function migrationUri(uri: string): string {
  const m = URI.exec(uri.trim());
  if (!m) throw new BackendError('invalid_input', `"${uri}" is not a libvirt URI (for example qemu+ssh://root@host/system).`);
  const params = new URLSearchParams(m[5] ?? '');
  const explicit = params.get('migrate_uri');
  if (explicit) {
    parseLibvirtUri(explicit);
    return explicit;
  }
  const kept = new URLSearchParams();
  for (const [k, v] of params) if (!OUR_PARAMS.has(k)) kept.append(k, v);
  const query = kept.toString();
  const base = uri.trim().replace(/[?#].*$/, '');
  return query ? `${base}?${query}` : base;
}

/** The host name to show and to report console endpoints on (the daemon's host, or this machine). */
export function displayHost(target: LibvirtTarget): string {
  return target.host ?? 'localhost';
}
