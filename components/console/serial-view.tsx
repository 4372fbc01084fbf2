'use client';

// The VM's serial console as a terminal. xterm.js (and its stylesheet) load only on this page: the
// library is imported on demand, in the browser, once a ticket is in hand.
import '@xterm/xterm/css/xterm.css';
import type { Terminal } from '@xterm/xterm';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Badge } from '@/components/ui/card';
import { Button } from '@/components/ui/button';
import { SERIAL_OPEN_MESSAGE } from '@/lib/console/serial-protocol';
import { consoleSocketUrl } from './session';
import { CONNECT_TIMEOUT_MS, STATUS_TONE, type ConsoleStatus } from './console-status';

interface SerialTicket {
  token: string;
  path: string;
  error?: { message?: string };
}

export function SerialView({ vmId, vmName }: { vmId: string; vmName: string }) {
  const t = useTranslations('console');
  const screenRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<ConsoleStatus>('requesting');
  const [reason, setReason] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const screen = screenRef.current;
    let cancelled = false;
    let ws: WebSocket | undefined;
    let term: Terminal | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = new AbortController();
    const fail = (why?: string) => {
      if (cancelled) return;
      clearTimeout(timer);
      setStatus('failed');
      setReason(why || t('errors.lost'));
    };
    (async () => {
      let res: Response;
      try {
        res = await fetch('/api/console/ticket', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vmId, protocol: 'serial' }),
          signal: AbortSignal.any([abort.signal, AbortSignal.timeout(CONNECT_TIMEOUT_MS)]),
        });
      } catch {
        return fail(abort.signal.aborted ? undefined : t('errors.ticketUnreachable'));
      }
      const body = (await res.json().catch(() => null)) as SerialTicket | null;
      if (!res.ok || !body?.token) {
        if (res.status === 401) return fail(t('errors.signedOut'));
        return fail(body?.error?.message ?? t('errors.ticket'));
      }
      const { Terminal } = await import('@xterm/xterm');
      if (cancelled || !screen) return;
      setStatus('connecting');
      term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, scrollback: 5000, theme: { background: '#020617' } });
      term.open(screen);
      const socket = new WebSocket(consoleSocketUrl(body.path, body.token), ['binary']);
      ws = socket;
      socket.binaryType = 'arraybuffer';
      timer = setTimeout(() => {
        fail(t('errors.timeout'));
        socket.close();
      }, CONNECT_TIMEOUT_MS);
      let opened = false;
      socket.onmessage = (e: MessageEvent<ArrayBuffer | string>) => {
        // The relay accepts the WebSocket before the guest's port is open: its one text message says it is.
        if (typeof e.data === 'string') {
          if (e.data !== SERIAL_OPEN_MESSAGE) return;
          opened = true;
          clearTimeout(timer);
          if (!cancelled) setStatus('connected');
          term?.focus();
          return;
        }
        term?.write(new Uint8Array(e.data));
      };
      socket.onclose = (e) => {
        if (cancelled) return;
        clearTimeout(timer);
        if (e.code === 4003) return fail(t('errors.signedOut'));
        if (e.code === 4001 || !opened) return fail(e.reason || undefined);
        setStatus((s) => (s === 'failed' ? s : 'closed'));
      };
      const encoder = new TextEncoder();
      term.onData((data) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
      });
      // Non-UTF-8 input (some key sequences) arrives as a binary string: one byte per character.
      term.onBinary((data) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff));
      });
    })().catch((err: unknown) => fail(err instanceof Error ? err.message : undefined));
    return () => {
      cancelled = true;
      clearTimeout(timer);
      abort.abort();
      ws?.close();
      term?.dispose();
      screen?.replaceChildren();
    };
  }, [vmId, attempt, t]);

  const statusText = {
    requesting: t('status.requesting'),
    connecting: t('status.connecting', { name: vmName }),
    connected: t('status.connected'),
    closed: t('status.closed'),
    failed: t('status.failed'),
  }[status];

  return (
    <div className="flex h-screen flex-col bg-slate-950 text-slate-100">
      <header className="flex flex-wrap items-center gap-2 border-b border-slate-800 px-3 py-2 text-sm">
        <h1 className="mr-2 font-semibold">{vmName}</h1>
        <span aria-live="polite" role="status" data-testid="console-status" data-status={status}>
          <Badge tone={STATUS_TONE[status]}>{statusText}</Badge>
        </span>
        <span className="text-xs text-slate-400">{t('serial.kind')}</span>
        <div className="ml-auto flex flex-wrap items-center gap-2" role="toolbar" aria-label={t('toolbar')}>
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setStatus('requesting');
              setReason(undefined);
              setAttempt((n) => n + 1);
            }}
            disabled={status === 'requesting' || status === 'connecting'}
          >
            {t('reconnect')}
          </Button>
        </div>
      </header>
      {status === 'failed' && (
        <div role="alert" className="border-b border-red-900 bg-red-950 px-3 py-2 text-sm text-red-200">
          <p className="font-medium">{t('failedTitle')}</p>
          {reason && (
            <p className="mt-1 font-mono text-xs" data-testid="console-reason">
              {reason}
            </p>
          )}
        </div>
      )}
      {status === 'closed' && <div className="border-b border-slate-800 px-3 py-2 text-sm text-slate-300">{t('closedHint')}</div>}
      {status === 'connected' && <p className="border-b border-slate-800 px-3 py-1 text-xs text-slate-400">{t('serial.hint')}</p>}
      <div ref={screenRef} data-testid="serial-screen" className="min-h-0 flex-1 overflow-hidden p-2" />
    </div>
  );
}
