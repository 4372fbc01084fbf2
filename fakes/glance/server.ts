/**
 * A wire-level fake of Glance v2 under /image, as devstack lays it out, sharing the fake
 * Keystone's tokens (the demo Cinder's HTTP server mounts it). It speaks Glance's JSON (images
 * unwrapped, `next` links), its plain-text error bodies, status codes and media types: uploads
 * need application/octet-stream (415 otherwise), PATCH needs the JSON-patch media type. Image
 * bytes stream to a file as they arrive: nothing holds an upload whole.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GlanceFault, GlanceState, type GlanceImage } from './store';

export interface GlanceCaller {
  projectId: string;
  admin: boolean;
}

const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';
const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 410: 'Gone', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type' };
const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * webob's error page, by the Accept header as webob chooses: a client asking for JSON gets
 * `{"message": "<explanation><br /><br />\n<detail>\n\n", "code": "409 Conflict", "title": "Conflict"}`,
 * others the plain-text page (status line, blank line, explanation).
 */
function fault(res: ServerResponse, status: number, message: string, accept = ''): void {
  const title = TITLES[status] ?? 'Error';
  if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: `${message}<br /><br />\n\n\n`, code: `${status} ${title}`, title }));
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8' });
  res.end(`${status} ${title}\n\n${message}\n\n   `);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1024 * 1024) chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > 1024 * 1024) return reject(new GlanceFault(413, 'Request body too large.'));
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new GlanceFault(400, 'Malformed JSON in request body.'));
      }
    });
  });
}

/** `in:a,b` or a plain value, as Glance's list filters take them. */
function matches(filter: string | null, value: string | null): boolean {
  if (filter === null) return true;
  const wanted = filter.startsWith('in:') ? filter.slice(3).split(',').map((v) => v.replace(/^"|"$/g, '')) : [filter];
  return value !== null && wanted.includes(value);
}

function list(state: GlanceState, caller: GlanceCaller, url: URL): { status: number; body: unknown } {
  const q = url.searchParams;
  const limitText = q.get('limit');
  const limit = limitText === null ? 25 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw new GlanceFault(400, 'limit param must be an integer');
  let sortKey = q.get('sort_key') ?? 'created_at';
  let sortDir = q.get('sort_dir') ?? 'desc';
  const sort = q.get('sort');
  if (sort) [sortKey, sortDir = 'asc'] = sort.split(',')[0]!.split(':') as [string, string | undefined];
  if (!SORT_KEYS.includes(sortKey)) throw new GlanceFault(400, `Invalid sort key: ${sortKey}. It should be one of the following: ${SORT_KEYS.join(', ')}.`);
  if (sortDir !== 'asc' && sortDir !== 'desc') throw new GlanceFault(400, `Invalid sort direction: ${sortDir}`);
  const visibility = q.get('visibility');
  if (visibility !== null && !['public', 'private', 'shared', 'community', 'all'].includes(visibility)) {
    throw new GlanceFault(400, `Invalid visibility value: ${visibility}`);
  }
  const field = (i: GlanceImage): string | number => {
    const j = state.json(i)[sortKey];
    return typeof j === 'number' ? j : String(j ?? '');
  };
  const rows = [...state.images.values()]
    .filter((i) => state.visible(i, caller.projectId, caller.admin))
    // Without a visibility filter hidden images stay out, as in Glance's default listing.
    .filter((i) => (visibility === null || visibility === 'all' ? true : i.visibility === visibility))
    .filter((i) => matches(q.get('status'), i.status) && matches(q.get('name'), i.name) && matches(q.get('disk_format'), i.diskFormat))
    .filter((i) => q.get('owner') === null || i.owner === q.get('owner'))
    .filter((i) => q.getAll('tag').every((t) => i.tags.includes(t)))
    .sort((a, b) => {
      const x = field(a);
      const y = field(b);
      const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
      return sortDir === 'asc' ? c : -c;
    });
  let start = 0;
  const marker = q.get('marker');
  if (marker !== null) {
    start = rows.findIndex((i) => i.id === marker) + 1;
    if (start === 0) throw new GlanceFault(400, `Invalid marker. Image ${marker} could not be found.`);
  }
  const page = rows.slice(start, start + Math.min(limit, 1000));
  const params = new URLSearchParams(q);
  params.delete('marker');
  const first = `/v2/images${params.size ? `?${params}` : ''}`;
  const body: Record<string, unknown> = { images: page.map((i) => state.json(i)), first, schema: '/v2/schemas/images' };
  // Glance links a next page whenever this one is full.
  if (page.length > 0 && page.length === Math.min(limit, 1000)) {
    params.set('marker', page[page.length - 1]!.id);
    body.next = `/v2/images?${params}`;
  }
  return { status: 200, body };
}

/**
 * Handles one request under /image. `who` answers the caller of a token (undefined: 401).
 * Returns false when the path is not Glance's.
 */
export function createGlanceHandler(state: GlanceState, who: (req: IncomingMessage) => GlanceCaller | undefined, base: () => string) {
  const versions = () => ({
    versions: ['2.16', '2.15', '2.9', '2.7', '2.6', '2.5', '2.4', '2.3', '2.2', '2.1', '2.0'].map((v, i) => ({
      id: `v${v}`,
      status: i === 0 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href: `${base()}/image/v2/` }],
    })),
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const method = req.method ?? 'GET';
    if (parts.length === 0 || (parts.length === 1 && parts[0] === 'versions')) {
      // Glance answers its root with 300 Multiple Choices, /versions with 200.
      return send(res, parts.length === 0 ? 300 : 200, versions());
    }
    if (parts[0] !== 'v2') return fault(res, 404, 'The resource could not be found.', req.headers.accept);
    const caller = who(req);
    if (!caller) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': `Keystone uri="${base()}/identity"` });
      res.end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }));
      return;
    }
    const [, collection, id, sub] = parts;
    if (collection === 'info' && id === 'import' && method === 'GET') {
      // This fake offers the plain upload (PUT …/file) only: no interoperable import method.
      return send(res, 200, { 'import-methods': { description: 'Import methods available.', type: 'array', value: [] } });
    }
    if (collection !== 'images') return fault(res, 404, 'The resource could not be found.', req.headers.accept);
    const seen = (imageId: string) => {
      const image = state.image(imageId);
      if (!state.visible(image, caller.projectId, caller.admin)) throw new GlanceFault(404, `No image found with ID ${imageId}`);
      return image;
    };
    const mine = (image: GlanceImage) => {
      if (!caller.admin && image.owner !== caller.projectId) throw new GlanceFault(403, 'You are not permitted to modify this image.');
    };
    if (!id) {
      if (method === 'GET') {
        const r = list(state, caller, url);
        return send(res, r.status, r.body);
      }
      if (method === 'POST') {
        const body = await readJson(req);
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GlanceFault(400, 'Request body must be a JSON object.');
        const image = state.create(caller.projectId, caller.admin, body as Record<string, unknown>);
        return send(res, 201, state.json(image), { Location: `${base()}/image/v2/images/${image.id}` });
      }
      return fault(res, 405, 'The method is not allowed for this resource.', req.headers.accept);
    }
    if (!sub) {
      if (method === 'GET') return send(res, 200, state.json(seen(id)));
      if (method === 'DELETE') {
        const image = seen(id);
        mine(image);
        state.remove(image);
        return send(res, 204);
      }
      if (method === 'PATCH') {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (type !== PATCH_TYPE) {
          res.writeHead(415, { 'Content-Type': 'text/plain; charset=UTF-8', 'Accept-Patch': PATCH_TYPE });
          res.end(`415 Unsupported Media Type\n\nThe request has media type ${type || 'None'} which is not supported by the server.\n\n   `);
          return;
        }
        const image = seen(id);
        mine(image);
        return send(res, 200, state.json(state.patch(image, caller.admin, await readJson(req))));
      }
      return fault(res, 405, 'The method is not allowed for this resource.', req.headers.accept);
    }
    if (sub === 'file') {
      if (method === 'PUT') {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (type !== 'application/octet-stream') throw new GlanceFault(415, `Content-Type ${type || 'None'} is not supported: use application/octet-stream.`);
        const image = seen(id);
        mine(image);
        const header = req.headers['x-openstack-image-size'];
        const declared = typeof header === 'string' ? Number(header) : undefined;
        if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) throw new GlanceFault(400, `Invalid x-openstack-image-size header: ${header}`);
        await state.upload(image, req, declared);
        return send(res, 204);
      }
      if (method === 'GET') {
        const image = seen(id);
        if (image.status !== 'active' || !image.file) return send(res, 204);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(image.size), 'Content-MD5': image.checksum ?? '' });
        state.read(image).pipe(res);
        return;
      }
      return fault(res, 405, 'The method is not allowed for this resource.', req.headers.accept);
    }
    return fault(res, 404, 'The resource could not be found.', req.headers.accept);
  }

  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    handle(req, res, url).catch((error: unknown) => {
      // Drain what the client still sends, so it reads the answer instead of a reset.
      req.resume();
      if (res.headersSent) return void res.destroy();
      if (error instanceof GlanceFault) return fault(res, error.status, error.message, req.headers.accept);
      // The client went away mid-upload: nobody to answer, nothing went wrong here.
      if (req.destroyed) return void res.destroy();
      process.stderr.write(`fake glance: ${(error as Error).stack ?? String(error)}\n`);
      fault(res, 500, 'The server has either erred or is incapable of performing the requested operation.');
    });
  };
}
