'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { IMAGE_CONTAINER_FORMATS, IMAGE_DISK_FORMATS, IMAGE_VISIBILITIES } from '@/lib/domain/volumes';
import { UPLOAD_CHUNK_BYTES } from '@/lib/validations/upload';
import { uploadApi, UploadError } from '@/components/upload/resumable';
import { UploadStatus } from '@/components/upload/upload-status';
import { useResumableUpload } from '@/components/upload/use-resumable-upload';

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
  /** The dashboard instance holding the upload's stream is gone (several instances behind a balancer). */
  reason?: 'instance_gone';
}

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
  const router = useRouter();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState('');
  const [diskFormat, setDiskFormat] = useState<(typeof IMAGE_DISK_FORMATS)[number]>('raw');
  const [containerFormat, setContainerFormat] = useState<(typeof IMAGE_CONTAINER_FORMATS)[number]>('bare');
  const [visibility, setVisibility] = useState<(typeof IMAGE_VISIBILITIES)[number]>('private');
  const upload = useResumableUpload<Saved>({
    storageKey: 'virtdash.imageUpload',
    url: uploadUrl,
    accept: (saved) => saved.connectionId === connectionId,
    // Gone already (expired, or cancelled elsewhere): nothing to tell.
    quietCancelCodes: ['not_found'],
    afterCancel: () => router.refresh(),
  });
  const { phase, setPhase, sent, setSent, error, pending, setPending, cancelled, busy } = upload;
  const savedStore = upload.store;

  // A failure the server names is said in the user's language; others in the service's words.
  const why = (state: UploadState) => (state.reason === 'instance_gone' ? t('instanceGone') : state.detail);

  async function run(f: File, resumeFrom?: Saved) {
    upload.begin();
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
          state = await upload.sendRange<UploadState>(saved.transferId, f, offset, Math.min(UPLOAD_CHUNK_BYTES, f.size - offset));
          retries = 0;
        } catch (e) {
          // A broken connection: ask where the upload stands and go on from there, a few times.
          if (cancelled.current || !(e instanceof UploadError) || e.api.code !== 'unreachable' || ++retries > 3) throw e;
          state = await uploadApi<UploadState>(uploadUrl(saved.transferId));
        }
      }
      if (state.phase !== 'transferring') throw new UploadError({ code: 'backend_error', message: t('failed'), detail: why(state) });
      setSent(f.size);
      setPhase('finalizing');
      const end = await uploadApi<UploadState>(`${uploadUrl(saved.transferId)}/finalize`, { method: 'POST' });
      savedStore.write(undefined);
      setPending(undefined);
      if (end.phase !== 'finished') throw new UploadError({ code: 'backend_error', message: t('failed'), detail: why(end) });
      setPhase('done');
      router.refresh();
    } catch (e) {
      upload.fail(e);
    }
  }

  function choose(f: File | undefined) {
    setFile(f);
    upload.reset();
    if (f) {
      setName(f.name.replace(/\.[^.]+$/, ''));
      setDiskFormat(guessFormat(f.name));
    }
  }

  const matchesPending = upload.resumes(file);

  return (
    <div className="space-y-4" data-testid="image-upload">
      {pending && !busy && (
        <div className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200" role="status">
          <p>{t('interrupted', { file: pending.fileName })}</p>
          <Button type="button" size="sm" variant="ghost" className="mt-1" onClick={upload.cancel}>
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
          done: t('doneUpload', { name: name || file?.name || '' }),
        }}
        hasFile={!!file}
        phase={phase}
        sent={sent}
        size={file?.size ?? 0}
        error={error}
      />
    </div>
  );
}
