// The connection file remote-viewer (virt-viewer) opens, as oVirt's "console.vv" download: it
// connects straight to the VM's console port with the one-time password, so it is for networks
// where the hosts are reachable; the browser console goes through the dashboard instead.
import type { ConsoleEndpoint } from '@/lib/domain';

function clean(value: string): string {
  // One key per line: a newline in a VM name must not inject keys.
  return value.replace(/[\r\n]+/g, ' ');
}

export function buildVvFile(endpoint: ConsoleEndpoint, title: string, now = new Date()): string {
  const lines = ['[virt-viewer]', `type=${endpoint.protocol}`, `host=${clean(endpoint.host)}`];
  if (endpoint.port) lines.push(`port=${endpoint.port}`);
  if (endpoint.tlsPort) lines.push(`tls-port=${endpoint.tlsPort}`);
  if (endpoint.password) lines.push(`password=${clean(endpoint.password)}`);
  lines.push(`title=${clean(title)}`, 'delete-this-file=1', 'fullscreen=0', 'toggle-fullscreen=shift+f11', 'release-cursor=shift+f12', 'secure-attention=ctrl+alt+end');
  // remote-viewer ignores the file after this point in time, like the ticket itself.
  const expiry = endpoint.passwordExpiresAt ?? new Date(now.getTime() + 120_000);
  lines.push(`; expires ${expiry.toISOString()}`);
  return `${lines.join('\n')}\n`;
}
