'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { IMAGE_CONTAINER_FORMATS, IMAGE_DISK_FORMATS, IMAGE_VISIBILITIES } from '@/lib/domain/volumes';
import { UPLOAD_CHUNK_BYTES } from '@/lib/validations/upload';
import { putRange, savedUpload, uploadApi, UploadError, type UploadApiError } from '@/components/upload/resumable';

/** What survives a reload: enough to find the upload again and to recognise the same file. */
interface Saved {
  transferId: string;
  connectionId: string;
  fileName: string;
  size: number;
  lastModified: number;
}

interface UploadState {
  transferId: string;
  phase: 'transferring' | 'finished' | 'failed' | 'cancelled';
  transferredBytes: number;
  detail?: string;
}

const savedStore = savedUpload<Saved>('virtdash.imageUpload');
type Phase = 'idle' | 'starting' | 'uploading' | 'finalizing' | 'done' | 'cancelled' | 'failed';

const uploadUrl = (id: string) => `/api/images/uploads/${encodeURIComponent(id)}`;

/** The disk format a file name suggests (what an operator would pick for it). */
function guessFormat(name: string): (typeof IMAGE_DISK_FORMATS)[number] {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'img') return 'qcow2';
  return (IMAGE_DISK_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as (typeof IMAGE_DISK_FORMATS)[number]) : 'raw';
}

/**
 * Upload an image from the browser into the connection's image service (Glance). The file goes up
 * in byte ranges, each streamed by the dashboard into Glance's single upload of the image; the
 * progress bar follows the bytes on the wire. A range that breaks off resumes from what the
 * dashboard passed on (asked from the server, kept across a reload in localStorage while the
 * upload lives); cancel deletes the half-uploaded image.
 */
export function ImageUpload({ connectionId }: { connectionId: string }) {
  const t = useTranslations('images');
  const te = useTranslations('backendErrors');
  const router = useRouter();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState('');
  const [diskFormat, setDiskFormat] = useState<(typeof IMAGE_DISK_FORMATS)[number]>('raw');
  const [containerFormat, setContainerFormat] = useState<(typeof IMAGE_CONTAINER_FORMATS)[number]>('bare');
  const [visibility, setVisibility] = useState<(typeof IMAGE_VISIBILITIES)[number]>('private');
  const [phase, setPhase] = useState<Phase>('idle');
  const [sent, setSent] = useState(0);
  const [error, setError] = useState<UploadApiError>();
  const [pending, setPending] = useState<Saved>();
  const xhr = useRef<XMLHttpRequest | null>(null);
  const cancelled = useRef(false);

  useEffect(() => {
    // After a reload: an interrupted upload waits for the same file to be chosen again.
    const saved = savedStore.read();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    if (saved && saved.connectionId === connectionId) setPending(saved);
  }, [connectionId]);

  const sendRange = useCallback(
    (id: string, f: File, offset: number, length: number) =>
      putRange<UploadState>({ url: uploadUrl(id), file: f, offset, length, onProgress: setSent, onRequest: (req) => void (xhr.current = req) }),
    [],
  );

  async function run(f: File, resumeFrom?: Saved) {
    setError(undefined);
    cancelled.current = false;
    let saved: Saved;
    try {
      if (resumeFrom) {
        saved = resumeFrom;
      } else {
        setPhase('starting');
        const started = await uploadApi<UploadState>('/api/images/uploads', {
          method: 'POST',
          body: JSON.stringify({ connectionId, name: name.trim() || f.name, diskFormat, containerFormat, visibility, sizeBytes: f.size }),
        });
        saved = { transferId: started.transferId, connectionId, fileName: f.name, size: f.size, lastModified: f.lastModified };
        savedStore.write(saved);
      }
      setPhase('uploading');
      // Where the dashboard stands is the truth: after a broken range or a reload, resume there.
      let state = await uploadApi<UploadState>(uploadUrl(saved.transferId));
      let retries = 0;
      while (state.phase === 'transferring' && state.transferredBytes < f.size) {
        if (cancelled.current) return;
        const offset = state.transferredBytes;
        setSent(offset);
        try {
          state = await sendRange(saved.transferId, f, offset, Math.min(UPLOAD_CHUNK_BYTES, f.size - offset));
          retries = 0;
        } catch (e) {
          // A broken connection: ask where the upload stands and go on from there, a few times.
          if (cancelled.current || !(e instanceof UploadError) || e.api.code !== 'unreachable' || ++retries > 3) throw e;
          state = await uploadApi<UploadState>(uploadUrl(saved.transferId));
        }
      }
      if (state.phase !== 'transferring') throw new UploadError({ code: 'backend_error', message: t('failed'), detail: state.detail });
      setSent(f.size);
      setPhase('finalizing');
      const end = await uploadApi<UploadState>(`${uploadUrl(saved.transferId)}/finalize`, { method: 'POST' });
      savedStore.write(undefined);
      setPending(undefined);
      if (end.phase !== 'finished') throw new UploadError({ code: 'backend_error', message: t('failed'), detail: end.detail });
      setPhase('done');
      router.refresh();
    } catch (e) {
      if (cancelled.current) return;
      setError(e instanceof UploadError ? e.api : { code: 'backend_error', message: String(e) });
      setPhase('failed');
    }
  }

  async function cancel() {
    cancelled.current = true;
    xhr.current?.abort();
    const saved = savedStore.read();
    savedStore.write(undefined);
    setPending(undefined);
    setPhase('cancelled');
    if (saved) {
      try {
        await uploadApi(uploadUrl(saved.transferId), { method: 'DELETE' });
      } catch (e) {
        if (e instanceof UploadError && e.api.code !== 'not_found') setError(e.api);
      }
      router.refresh();
    }
  }

  function choose(f: File | undefined) {
    setFile(f);
    setError(undefined);
    setPhase('idle');
    setSent(0);
    if (f) {
      setName(f.name.replace(/\.[^.]+$/, ''));
      setDiskFormat(guessFormat(f.name));
    }
  }

  const matchesPending = !!(file && pending && file.name === pending.fileName && file.size === pending.size && file.lastModified === pending.lastModified);
  const busy = phase === 'starting' || phase === 'uploading' || phase === 'finalizing';
  const size = file?.size ?? 0;
  const percent = size ? Math.floor((sent / size) * 100) : 0;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

  return (
    <div className="space-y-4" data-testid="image-upload">
      {pending && !busy && (
        <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200" role="status">
          <p>{t('interrupted', { file: pending.fileName })}</p>
          <Button type="button" size="sm" variant="ghost" className="mt-1" onClick={cancel}>
            {t('discard')}
          </Button>
        </div>
      )}
      <Field label={t('file')} name="imageFile" hint={t('fileHint')}>
        <input id="imageFile" type="file" disabled={busy} onChange={(e) => choose(e.target.files?.[0])} className="block text-sm" />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('name')} name="imageName">
          <Input id="imageName" value={name} maxLength={255} disabled={busy} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('visibility')} name="imageVisibility">
          <Select id="imageVisibility" value={visibility} disabled={busy} onChange={(e) => setVisibility(e.target.value as typeof visibility)}>
            {IMAGE_VISIBILITIES.map((v) => (
              <option key={v} value={v}>
                {t(`visibilities.${v}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('diskFormat')} name="imageDiskFormat">
          <Select id="imageDiskFormat" value={diskFormat} disabled={busy} onChange={(e) => setDiskFormat(e.target.value as typeof diskFormat)}>
            {IMAGE_DISK_FORMATS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('containerFormat')} name="imageContainerFormat">
          <Select id="imageContainerFormat" value={containerFormat} disabled={busy} onChange={(e) => setContainerFormat(e.target.value as typeof containerFormat)}>
            {IMAGE_CONTAINER_FORMATS.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex gap-2">
        {matchesPending ? (
          <Button type="button" disabled={busy || !file} onClick={() => file && pending && run(file, pending)}>
            {t('resume')}
          </Button>
        ) : (
          <Button type="button" disabled={busy || !file} onClick={() => file && run(file)}>
            {t('start')}
          </Button>
        )}
        {busy && (
          <Button type="button" variant="danger" onClick={cancel}>
            {t('cancel')}
          </Button>
        )}
      </div>
      {file && phase !== 'idle' && (
        <div className="space-y-1">
          <div role="progressbar" aria-label={t('progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
            <div className={cn('h-full bg-brand-600 transition-[width]', phase === 'failed' && 'bg-red-600')} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
            {t('progressText', { percent, sent: mib(sent), total: mib(size) })}
          </p>
        </div>
      )}
      <div role="status" aria-live="polite">
        {phase === 'starting' && <p className="text-sm">{t('starting')}</p>}
        {phase === 'finalizing' && <p className="text-sm">{t('finalizing')}</p>}
        {phase === 'done' && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300">{t('doneUpload', { name: name || file?.name || '' })}</p>}
        {phase === 'cancelled' && <p className="rounded-md bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800">{t('cancelled')}</p>}
        {error && (
          <div className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300">
            <p>{te.has(error.code) ? te(error.code) : error.message}</p>
            {(error.detail || !te.has(error.code)) && <p className="mt-1 font-mono text-xs opacity-80">{error.detail ?? error.message}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
