// The address other dashboard instances reach THIS instance at (VIRTDASH_INSTANCE_URL), for
// requests one instance forwards to another (an image upload's byte ranges go to the instance
// holding its stream: lib/http/peer-forward.ts). Not PUBLIC_URL: that is the balancer's address,
// which would send the request to any instance. The default, http://127.0.0.1:$PORT (the custom
// server's port; the HOST it listens on when that is one address), is right only while every
// instance runs on one machine: instances on several machines must each set it.

export class InstanceUrlError extends Error {}

export function instanceUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.VIRTDASH_INSTANCE_URL?.trim();
  if (raw) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InstanceUrlError(`VIRTDASH_INSTANCE_URL "${raw.slice(0, 200)}" is not a URL (e.g. http://10.0.0.5:3000).`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InstanceUrlError('VIRTDASH_INSTANCE_URL must be an http:// or https:// URL.');
    if (url.username || url.password || url.search || url.hash) throw new InstanceUrlError('VIRTDASH_INSTANCE_URL takes a scheme, host, port and path only.');
    return url.toString().replace(/\/+$/, '');
  }
  const host = env.HOST?.trim();
  // 0.0.0.0 / :: (every address, the server's default) is reached on loopback.
  const address = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${address}:${Number(env.PORT || 3000)}`;
}
