/** How a libvirt connection's URI is checked: a libvirt URI such as qemu+ssh://root@host/system. */

export type LibvirtUrlProblem = 'urlInvalid' | 'urlScheme' | 'urlCredentials';

// qemu:///system, qemu+ssh://root@host/system, qemu+tls://host/system, test:///default …
const LIBVIRT_URI = /^(qemu|test|xen|lxc|vz|bhyve|libxl|ch|esx|vpx)(\+(ssh|libssh|libssh2|tls|tcp|unix|ext))?:\/\/\S*$/;

/** The URI to store for a libvirt connection, or why it cannot be one. */
export function libvirtUrl(raw: string): { url: string } | { problem: LibvirtUrlProblem } {
  if (!LIBVIRT_URI.test(raw)) return { problem: 'urlScheme' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'urlInvalid' };
  }
  // `user@host` is normal for qemu+ssh; a password in the URI is not.
  if (url.password) return { problem: 'urlCredentials' };
  return { url: raw };
}
