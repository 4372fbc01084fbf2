'use client';

import { useCallback, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { UPLOAD_CHUNK_BYTES, diskNameFromFile } from '@/lib/validations/upload';
import { uploadApi, UploadError } from '@/components/upload/resumable';
import { UploadStatus } from '@/components/upload/upload-status';
import { useResumableUpload } from '@/components/upload/use-resumable-upload';

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

const TERMINAL = ['failed', 'cancelled', 'finished'];
const POLL_MS = 500;

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
  const [domain, setDomain] = useState(initialDomain && targets.some((x) => x.id === initialDomain) ? initialDomain : targets[0]?.id ?? '');
  const [file, setFile] = useState<File>();
  const [rate, setRate] = useState(0);
  const samples = useRef<{ at: number; bytes: number }[]>([]);
  const upload = useResumableUpload<Saved>({ storageKey: 'virtdash.isoUpload', url: transferUrl });
  const { phase, setPhase, sent, setSent, error, pending, setPending, cancelled, busy } = upload;
  const savedStore = upload.store;

  const measure = useCallback((bytes: number) => {
    const now = performance.now();
    const s = samples.current;
    s.push({ at: now, bytes });
    while (s.length > 2 && now - s[0].at > 3000) s.shift();
    const first = s[0];
    if (now - first.at > 200) setRate(((bytes - first.bytes) * 1000) / (now - first.at));
    setSent(bytes);
  }, [setSent]);

  async function waitFor(id: string, wanted: (phase: string) => boolean): Promise<{ phase: string; transferredBytes?: number }> {
    for (;;) {
      const state = await uploadApi<{ phase: string; transferredBytes?: number }>(transferUrl(id));
      if (wanted(state.phase) || TERMINAL.includes(state.phase)) return state;
      await sleep(POLL_MS);
    }
  }

  async function run(f: File, resumeFrom?: Saved) {
    upload.begin();
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
        await upload.sendRange(saved.transferId, f, offset, length, measure);
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
      upload.fail(e);
    }
  }

  function choose(f: File | undefined) {
    setFile(f);
    upload.reset();
  }

  const matchesPending = upload.resumes(file);

  return (
    <div className="space-y-4">
      {pending && !busy && (
        <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200" role="status">
          <p>{t('interrupted', { file: pending.fileName, percent: Math.floor((pending.offset / pending.size) * 100) })}</p>
          <Button type="button" size="sm" variant="ghost" className="mt-1" onClick={upload.cancel}>
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
          <Button type="button" variant="danger" onClick={upload.cancel}>
            {t('cancel')}
          </Button>
        )}
      </div>
      <UploadStatus
        texts={{
          progress: t('progress'),
          progressText: (values) => t('progressText', values),
          starting: t('starting'),
          finalizing: t('finalizing'),
          cancelled: t('cancelled'),
          done: t('done', { name: file ? diskNameFromFile(file.name) : '' }),
        }}
        hasFile={!!file}
        phase={phase}
        sent={sent}
        size={file?.size ?? 0}
        error={error}
        progressExtra={phase === 'uploading' && rate > 0 && <> · {t('speed', { rate: (rate / 1024 / 1024).toFixed(1) })}</>}
      />
    </div>
  );
}
