'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { KEY_COMBOS } from './keys';
import { openSpice, openVnc, type ConsoleSession, type ConsoleTicket, type SessionEvent } from './session';
import { CONNECT_TIMEOUT_MS, STATUS_TONE, type ConsoleStatus } from './console-status';

export function ConsoleView({ vmId, vmName }: { vmId: string; vmName: string }) {
  const t = useTranslations('console');
  const screenRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<ConsoleSession | null>(null);
  const [status, setStatus] = useState<ConsoleStatus>('requesting');
  const [reason, setReason] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [scale, setScale] = useState<'fit' | 'actual'>('fit');
  const [viewOnly, setViewOnly] = useState(false);
  const [protocol, setProtocol] = useState<'vnc' | 'spice'>();
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasteText, setPasteText] = useState('');
  const scaleRef = useRef(scale);
  const viewOnlyRef = useRef(viewOnly);

  // Before the connecting effect, so a reconnect starts with the current choices.
  useEffect(() => {
    scaleRef.current = scale;
    sessionRef.current?.setScale(scale);
  }, [scale]);
  useEffect(() => {
    viewOnlyRef.current = viewOnly;
    sessionRef.current?.setViewOnly(viewOnly);
  }, [viewOnly]);

  useEffect(() => {
    const screen = screenRef.current;
    let cancelled = false;
    let session: ConsoleSession | null = null;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (why?: string) => {
      if (cancelled) return;
      setStatus('failed');
      setReason(why || t('errors.lost'));
    };
    const onEvent = (e: SessionEvent) => {
      if (cancelled) return;
      clearTimeout(timer);
      if (e.type === 'connected') {
        setStatus('connected');
        session?.focus();
      } else if (e.type === 'closed') setStatus((s) => (s === 'failed' ? s : 'closed'));
      else fail(e.reason);
    };
    (async () => {
      let res: Response;
      try {
        res = await fetch('/api/console/ticket', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vmId }),
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(CONNECT_TIMEOUT_MS)]),
        });
      } catch {
        return fail(abort.signal.aborted ? undefined : t('errors.ticketUnreachable'));
      }
      const body = (await res.json().catch(() => null)) as (ConsoleTicket & { error?: { message?: string } }) | null;
      if (!res.ok || !body?.token) {
        if (res.status === 401) return fail(t('errors.signedOut'));
        return fail(body?.error?.message ?? t('errors.ticket'));
      }
      if (cancelled || !screen) return;
      setProtocol(body.protocol);
      setStatus('connecting');
      timer = setTimeout(() => {
        fail(t('errors.timeout'));
        session?.close();
      }, CONNECT_TIMEOUT_MS);
      session = await (body.protocol === 'spice' ? openSpice : openVnc)(screen, body, onEvent);
      if (cancelled) return session.close();
      session.setScale(scaleRef.current);
      session.setViewOnly(viewOnlyRef.current);
      sessionRef.current = session;
    })().catch((err: unknown) => fail(err instanceof Error ? err.message : undefined));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      abort.abort();
      sessionRef.current = null;
      session?.close();
      // noVNC and spice-html5 leave their canvases behind.
      screen?.replaceChildren();
    };
  }, [vmId, attempt, t]);

  const fullscreen = useCallback(() => {
    const el = frameRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => {});
  }, []);

  const connected = status === 'connected';
  const vnc = protocol !== 'spice';
  const statusText = {
    requesting: t('status.requesting'),
    connecting: t('status.connecting', { name: vmName }),
    connected: t('status.connected'),
    closed: t('status.closed'),
    failed: t('status.failed'),
  }[status];

  return (
    <div ref={frameRef} className="flex h-screen flex-col bg-slate-950 text-slate-100">
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2 text-sm">
        <h1 className="mr-2 font-semibold">{vmName}</h1>
        <span aria-live="polite" role="status" data-testid="console-status" data-status={status}>
          <Badge tone={STATUS_TONE[status]}>{statusText}</Badge>
        </span>
        {protocol && <span className="text-xs uppercase text-slate-400">{protocol}</span>}
        <div className="ml-auto flex flex-wrap items-center gap-2" role="toolbar" aria-label={t('toolbar')}>
          {vnc && (
            <Button size="sm" variant="secondary" aria-pressed={scale === 'actual'} onClick={() => setScale(scale === 'fit' ? 'actual' : 'fit')}>
              {scale === 'fit' ? t('actualSize') : t('fitWindow')}
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={fullscreen}>
            {t('fullscreen')}
          </Button>
          <Button size="sm" variant="secondary" disabled={!connected || viewOnly} onClick={() => sessionRef.current?.ctrlAltDel()}>
            {t('ctrlAltDel')}
          </Button>
          {vnc && (
            <label className="flex items-center gap-1">
              <span className="sr-only">{t('sendKeys')}</span>
              <select
                className="rounded-md border border-slate-700 bg-slate-900 px-2 py-1 text-xs"
                disabled={!connected || viewOnly}
                value=""
                onChange={(e) => {
                  const combo = KEY_COMBOS.find((c) => c.id === e.target.value);
                  if (combo) sessionRef.current?.sendKeys(combo.keys);
                  sessionRef.current?.focus();
                }}
              >
                <option value="">{t('sendKeys')}</option>
                {KEY_COMBOS.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {vnc && (
            <Button size="sm" variant="secondary" aria-expanded={pasteOpen} disabled={!connected || viewOnly} onClick={() => setPasteOpen(!pasteOpen)}>
              {t('paste')}
            </Button>
          )}
          {vnc && (
            <label className="flex items-center gap-1 text-xs">
              <input type="checkbox" checked={viewOnly} onChange={(e) => setViewOnly(e.target.checked)} />
              {t('viewOnly')}
            </label>
          )}
          <Button size="sm" variant="secondary" onClick={() => {
              setStatus('requesting');
              setReason(undefined);
              setAttempt((n) => n + 1);
            }} disabled={status === 'requesting' || status === 'connecting'}>
            {t('reconnect')}
          </Button>
          {/* A POST (the file holds a fresh console password): the answer is an attachment, so the page stays. */}
          <form method="post" action="/api/console/vv">
            <input type="hidden" name="vm" value={vmId} />
            <button type="submit" className="rounded-md px-2.5 py-1 text-xs text-sky-300 underline hover:text-sky-200">
              {t('downloadVv')}
            </button>
          </form>
        </div>
      </header>
      {pasteOpen && connected && (
        <form
          className="flex items-start gap-2 border-b border-slate-800 px-3 py-2"
          onSubmit={(e) => {
            e.preventDefault();
            sessionRef.current?.paste(pasteText);
            sessionRef.current?.focus();
          }}
        >
          <label className="flex flex-1 flex-col gap-1 text-xs">
            {t('pasteLabel')}
            <textarea className="h-16 rounded-md border border-slate-700 bg-slate-900 p-2 text-sm" value={pasteText} onChange={(e) => setPasteText(e.target.value)} />
          </label>
          <Button size="sm" type="submit" className="mt-5">
            {t('pasteSend')}
          </Button>
        </form>
      )}
      {status === 'failed' && (
        <div role="alert" className="border-b border-red-900 bg-red-950 px-3 py-2 text-sm text-red-200">
          <p className="font-medium">{t('failedTitle')}</p>
          {reason && <p className="mt-1 font-mono text-xs" data-testid="console-reason">{reason}</p>}
        </div>
      )}
      {status === 'closed' && (
        <div className="border-b border-slate-800 px-3 py-2 text-sm text-slate-300">{t('closedHint')}</div>
      )}
      <div ref={screenRef} data-testid="console-screen" className="relative min-h-0 flex-1 overflow-auto" />
    </div>
  );
}
