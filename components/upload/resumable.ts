/**
 * The browser side of the dashboard's resumable uploads (ISO into a data domain, image into
 * Glance): byte ranges PUT one at a time (XHR, for upload progress), JSON calls for start, state,
 * finalize and cancel, and what survives a reload in localStorage. One implementation for both
 * upload panels; each keeps its own form, routes and phases.
 */

export interface UploadApiError {
  code: string;
  message: string;
  detail?: string;
}

export class UploadError extends Error {
  constructor(readonly api: UploadApiError) {
    super(api.message);
  }
}

/** A JSON call to an upload route; a refusal becomes an UploadError carrying the route's error. */
export async function uploadApi<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = (await res.json().catch(() => ({}))) as T & { error?: UploadApiError };
  if (!res.ok) throw new UploadError(body.error ?? { code: 'backend_error', message: res.statusText });
  return body;
}

/** What an upload panel keeps in localStorage under `key` to find its upload again after a reload. */
export function savedUpload<T>(key: string): { read(): T | undefined; write(value: T | undefined): void } {
  return {
    read() {
      try {
        const raw = window.localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as T) : undefined;
      } catch {
        return undefined;
      }
    },
    write(value) {
      if (value) window.localStorage.setItem(key, JSON.stringify(value));
      else window.localStorage.removeItem(key);
    },
  };
}

/**
 * PUTs bytes [offset, offset+length) of `file` to `url` (which carries offset, length and total),
 * reporting the bytes on the wire; resolves with the route's JSON answer. `onRequest` receives the
 * XHR so that the panel can abort it (cancel).
 */
export function putRange<T>(input: { url: string; file: File; offset: number; length: number; onProgress: (bytes: number) => void; onRequest: (req: XMLHttpRequest) => void }): Promise<T> {
  const { url, file, offset, length, onProgress, onRequest } = input;
  return new Promise<T>((resolve, reject) => {
    const req = new XMLHttpRequest();
    onRequest(req);
    req.open('PUT', `${url}?offset=${offset}&length=${length}&total=${file.size}`);
    req.setRequestHeader('content-type', 'application/octet-stream');
    req.upload.onprogress = (e) => onProgress(offset + e.loaded);
    req.onload = () => {
      let body = {} as T & { error?: UploadApiError };
      try {
        body = JSON.parse(req.responseText) as T & { error?: UploadApiError };
      } catch {
        // not JSON: keep the status text
      }
      if (req.status >= 200 && req.status < 300) return resolve(body);
      reject(new UploadError(body.error ?? { code: 'backend_error', message: req.statusText }));
    };
    req.onerror = () => reject(new UploadError({ code: 'unreachable', message: 'network' }));
    req.onabort = () => reject(new UploadError({ code: 'cancelled', message: 'cancelled' }));
    req.send(file.slice(offset, offset + length));
  });
}
