'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { putRange, savedUpload, UploadError, uploadApi, type UploadApiError } from './resumable';

export type UploadPhase = 'idle' | 'starting' | 'uploading' | 'finalizing' | 'done' | 'cancelled' | 'failed';

/** The part of an upload's localStorage record both panels need: the transfer and the file it came from. */
export interface SavedUploadRecord {
  transferId: string;
  fileName: string;
  size: number;
  lastModified: number;
}

/**
 * The state machine both upload panels share (ISO into a data domain, image into Glance): the
 * phase, the bytes on the wire, the error to show, the interrupted upload found after a reload,
 * ranged PUTs that cancel can abort, and cancel itself (abort the range in flight, forget the
 * record, DELETE the transfer). Each panel keeps its own form, start request and loop.
 */
export function useResumableUpload<S extends SavedUploadRecord>(options: {
  storageKey: string;
  /** The transfer's route (its ranges, state, finalize and cancel hang below it). */
  url: (transferId: string) => string;
  /** Whether a record found after a reload belongs to this panel (e.g. the same connection). */
  accept?: (saved: S) => boolean;
  /** Codes of a failed cancel not worth showing (the transfer was already gone). */
  quietCancelCodes?: string[];
  afterCancel?: () => void;
}) {
  const { storageKey, url, accept, quietCancelCodes, afterCancel } = options;
  const store = useMemo(() => savedUpload<S>(storageKey), [storageKey]);
  const [phase, setPhase] = useState<UploadPhase>('idle');
  const [sent, setSent] = useState(0);
  const [error, setError] = useState<UploadApiError>();
  const [pending, setPending] = useState<S>();
  const xhr = useRef<XMLHttpRequest | null>(null);
  const cancelled = useRef(false);

  useEffect(() => {
    // After a reload: an interrupted upload waits for the same file to be chosen again.
    const saved = store.read();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    if (saved && (!accept || accept(saved))) setPending(saved);
    // accept is a filter of the panel's props; the record is read once per key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

  /** A new run: no error shown, not cancelled. */
  const begin = useCallback(() => {
    setError(undefined);
    cancelled.current = false;
  }, []);

  const sendRange = useCallback(
    <T>(transferId: string, file: File, offset: number, length: number, onProgress: (bytes: number) => void = setSent) =>
      putRange<T>({ url: url(transferId), file, offset, length, onProgress, onRequest: (req) => void (xhr.current = req) }),
    [url],
  );

  /** The run failed: show why, unless the user cancelled it. */
  const fail = useCallback((e: unknown) => {
    if (cancelled.current) return;
    setError(e instanceof UploadError ? e.api : { code: 'backend_error', message: String(e) });
    setPhase('failed');
  }, []);

  const cancel = useCallback(async () => {
    cancelled.current = true;
    xhr.current?.abort();
    const saved = store.read();
    store.write(undefined);
    setPending(undefined);
    setPhase('cancelled');
    if (!saved) return;
    try {
      await uploadApi(url(saved.transferId), { method: 'DELETE' });
    } catch (e) {
      if (e instanceof UploadError && !quietCancelCodes?.includes(e.api.code)) setError(e.api);
    }
    afterCancel?.();
  }, [store, url, quietCancelCodes, afterCancel]);

  /** Another file was chosen: back to the start. */
  const reset = useCallback(() => {
    setError(undefined);
    setPhase('idle');
    setSent(0);
  }, []);

  /** The chosen file is the one the interrupted upload was sending. */
  const resumes = (file: File | undefined): boolean =>
    !!(file && pending && file.name === pending.fileName && file.size === pending.size && file.lastModified === pending.lastModified);

  return {
    phase, setPhase, sent, setSent, error, pending, setPending, store, cancelled,
    begin, sendRange, fail, cancel, reset, resumes,
    busy: phase === 'starting' || phase === 'uploading' || phase === 'finalizing',
  };
}
