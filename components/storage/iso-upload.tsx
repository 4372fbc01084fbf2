'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { cn } from '@/components/ui/cn';
import { UPLOAD_CHUNK_BYTES, diskNameFromFile } from '@/lib/validations/upload';
import { putRange, savedUpload, uploadApi, UploadError, type UploadApiError } from '@/components/upload/resumable';

export interface UploadTarget {
  id: string;
  name: string;
  connectionName: string;
}

/** What survives a reload: enough to find the transfer again and to recognise the same file. */
interface Saved {
  transferId: string;
  storageDomainId: string;
  fileName: string;
  size: number;
  lastModified: number;
  /** Bytes the server confirmed. */
  offset: number;
}

const savedStore = savedUpload<Saved>('virtdash.isoUpload');
const TERMINAL = ['failed', 'cancelled', 'finished'];
const POLL_MS = 500;

type Phase = 'idle' | 'starting' | 'uploading' | 'finalizing' | 'done' | 'cancelled' | 'failed';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const transferUrl = (id: string) => `/api/uploads/${encodeURIComponent(id)}`;

/**
 * Upload an ISO from the browser into a data domain. The file goes up in byte ranges (PUT with
 * offset/length), each piped by the dashboard to the engine's image proxy; the progress bar follows
 * the bytes on the wire, the speed is measured over the last seconds. The confirmed offset is kept
 * in localStorage, so after a reload choosing the same file resumes where the engine stands.
 */
export function IsoUpload({ targets, initialDomain }: { targets: UploadTarget[]; initialDomain?: string }) {
  const t = useTranslations('isoUpload');
  const te = useTranslations('backendErrors');
  const [domain, setDomain] = useState(initialDomain && targets.some((x) => x.id === initialDomain) ? initialDomain : targets[0]?.id ?? '');
  const [file, setFile] = useState<File>();
  const [phase, setPhase] = useState<Phase>('idle');
  const [sent, setSent] = useState(0);
  const [rate, setRate] = useState(0);
  const [error, setError] = useState<UploadApiError>();
  const [pending, setPending] = useState<Saved>();
  const xhr = useRef<XMLHttpRequest | null>(null);
  const cancelled = useRef(false);
  const samples = useRef<{ at: number; bytes: number }[]>([]);

  useEffect(() => {
    // After a reload: an interrupted upload waits for the same file to be chosen again.
    const saved = savedStore.read();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    if (saved) setPending(saved);
  }, []);

  const measure = useCallback((bytes: number) => {
    const now = performance.now();
    const s = samples.current;
    s.push({ at: now, bytes });
    while (s.length > 2 && now - s[0].at > 3000) s.shift();
    const first = s[0];
    if (now - first.at > 200) setRate(((bytes - first.bytes) * 1000) / (now - first.at));
    setSent(bytes);
  }, []);

  const sendRange = (id: string, f: File, offset: number, length: number) =>
    putRange<unknown>({ url: transferUrl(id), file: f, offset, length, onProgress: measure, onRequest: (req) => void (xhr.current = req) });

  async function waitFor(id: string, wanted: (phase: string) => boolean): Promise<{ phase: string; transferredBytes?: number }> {
    for (;;) {
      const state = await uploadApi<{ phase: string; transferredBytes?: number }>(transferUrl(id));
      if (wanted(state.phase) || TERMINAL.includes(state.phase)) return state;
      await sleep(POLL_MS);
    }
  }

  async function run(f: File, resumeFrom?: Saved) {
    setError(undefined);
    cancelled.current = false;
    samples.current = [];
    let saved: Saved;
    try {
      if (resumeFrom) {
        saved = resumeFrom;
        setPhase('uploading');
      } else {
        setPhase('starting');
        const started = await uploadApi<{ transferId: string }>('/api/uploads', {
          method: 'POST',
          body: JSON.stringify({ storageDomainId: domain, name: diskNameFromFile(f.name), sizeBytes: f.size, contentType: 'iso' }),
        });
        saved = { transferId: started.transferId, storageDomainId: domain, fileName: f.name, size: f.size, lastModified: f.lastModified, offset: 0 };
        savedStore.write(saved);
      }
      const ready = await waitFor(saved.transferId, (p) => p === 'transferring');
      if (ready.phase !== 'transferring') throw new UploadError({ code: 'conflict', message: t('notAccepting', { phase: ready.phase }) });
      setPhase('uploading');
      measure(saved.offset);
      for (let offset = saved.offset; offset < f.size; ) {
        if (cancelled.current) return;
        const length = Math.min(UPLOAD_CHUNK_BYTES, f.size - offset);
        await sendRange(saved.transferId, f, offset, length);
        offset += length;
        saved = { ...saved, offset };
        savedStore.write(saved);
      }
      setPhase('finalizing');
      const finalized = await uploadApi<{ phase: string }>(`${transferUrl(saved.transferId)}/finalize`, { method: 'POST' });
      // The answer already says how it ended when the backend decides at once (libvirt); an engine
      // that still verifies the image (oVirt) answers "finalizing" and is polled.
      const end = TERMINAL.includes(finalized.phase) ? finalized : await waitFor(saved.transferId, (p) => p === 'finished');
      savedStore.write(undefined);
      setPending(undefined);
      if (end.phase !== 'finished') throw new UploadError({ code: 'backend_error', message: t('verifyFailed') });
      setPhase('done');
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
        await uploadApi(transferUrl(saved.transferId), { method: 'DELETE' });
      } catch (e) {
        if (e instanceof UploadError) setError(e.api);
      }
    }
  }

  function choose(f: File | undefined) {
    setFile(f);
    setError(undefined);
    setPhase('idle');
    setSent(0);
  }

  const matchesPending = !!(file && pending && file.name === pending.fileName && file.size === pending.size && file.lastModified === pending.lastModified);
  const busy = phase === 'starting' || phase === 'uploading' || phase === 'finalizing';
  const size = file?.size ?? 0;
  const percent = size ? Math.floor((sent / size) * 100) : 0;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

  return (
    <div className="space-y-4">
      {pending && !busy && (
        <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200" role="status">
          <p>{t('interrupted', { file: pending.fileName, percent: Math.floor((pending.offset / pending.size) * 100) })}</p>
          <Button type="button" size="sm" variant="ghost" className="mt-1" onClick={cancel}>
            {t('discard')}
          </Button>
        </div>
      )}
      <Field label={t('domain')} name="storageDomainId">
        <Select name="storageDomainId" value={domain} onChange={(e) => setDomain(e.target.value)} disabled={busy}>
          {targets.map((d) => (
            <option key={d.id} value={d.id}>
              {t('domainOption', { name: d.name, connection: d.connectionName })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('file')} name="isoFile" hint={t('fileHint')}>
        <input
          id="isoFile"
          type="file"
          accept=".iso,application/x-iso9660-image,application/octet-stream"
          disabled={busy}
          onChange={(e) => choose(e.target.files?.[0])}
          className="block text-sm"
        />
      </Field>
      <div className="flex gap-2">
        {matchesPending ? (
          <Button type="button" disabled={busy || !file} onClick={() => file && pending && run(file, pending)}>
            {t('resume')}
          </Button>
        ) : (
          <Button type="button" disabled={busy || !file || !domain} onClick={() => file && run(file)}>
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
          <div
            role="progressbar"
            aria-label={t('progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
          >
            <div className={cn('h-full bg-brand-600 transition-[width]', phase === 'failed' && 'bg-red-600')} style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
            {t('progressText', { percent, sent: mib(sent), total: mib(size) })}
            {phase === 'uploading' && rate > 0 && <> · {t('speed', { rate: mib(rate) })}</>}
          </p>
        </div>
      )}
      <div role="status" aria-live="polite">
        {phase === 'starting' && <p className="text-sm">{t('starting')}</p>}
        {phase === 'finalizing' && <p className="text-sm">{t('finalizing')}</p>}
        {phase === 'done' && <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-300">{t('done', { name: file ? diskNameFromFile(file.name) : '' })}</p>}
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
