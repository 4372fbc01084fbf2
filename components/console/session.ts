// One console connection behind a small interface, so the page treats noVNC and spice-html5 alike.
// Both libraries load only here, on the console page, and only in the browser.
import { pressCombo, type KeyStroke } from './keys';

export interface ConsoleTicket {
  token: string;
  protocol: 'vnc' | 'spice';
  path: string;
}

export type SessionEvent =
  | { type: 'connected' }
  | { type: 'closed' }
  | { type: 'failed'; reason?: string };

export interface ConsoleSession {
  readonly protocol: 'vnc' | 'spice';
  setScale(mode: 'fit' | 'actual'): void;
  setViewOnly(on: boolean): void;
  ctrlAltDel(): void;
  sendKeys(keys: KeyStroke[]): void;
  paste(text: string): void;
  focus(): void;
  close(): void;
}

export function consoleSocketUrl(path: string, token: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?ticket=${encodeURIComponent(token)}`;
}

export async function openVnc(screen: HTMLElement, ticket: ConsoleTicket, onEvent: (e: SessionEvent) => void): Promise<ConsoleSession> {
  const { default: RFB } = await import('@novnc/novnc');
  // The relay answers the VM's password challenge itself: the browser never holds the password.
  const rfb = new RFB(screen, consoleSocketUrl(ticket.path, ticket.token), { shared: true, wsProtocols: ['binary'] });
  rfb.background = 'rgb(15, 23, 42)';
  let failed = false;
  rfb.addEventListener('connect', () => onEvent({ type: 'connected' }));
  rfb.addEventListener('securityfailure', (e) => {
    failed = true;
    onEvent({ type: 'failed', reason: (e as CustomEvent<{ reason?: string }>).detail?.reason });
  });
  rfb.addEventListener('disconnect', (e) => {
    if (failed) return;
    onEvent((e as CustomEvent<{ clean: boolean }>).detail?.clean ? { type: 'closed' } : { type: 'failed' });
  });
  return {
    protocol: 'vnc',
    setScale(mode) {
      rfb.scaleViewport = mode === 'fit';
      rfb.clipViewport = false;
    },
    setViewOnly(on) {
      rfb.viewOnly = on;
    },
    ctrlAltDel: () => rfb.sendCtrlAltDel(),
    sendKeys: (keys) => pressCombo((keysym, code, down) => rfb.sendKey(keysym, code, down), keys),
    paste: (text) => rfb.clipboardPasteFrom(text),
    focus: () => rfb.focus({ preventScroll: true }),
    close: () => rfb.disconnect(),
  };
}

export async function openSpice(screen: HTMLElement, ticket: ConsoleTicket, onEvent: (e: SessionEvent) => void): Promise<ConsoleSession> {
  const spice = await import('@spice-project/spice-html5');
  if (!screen.id) screen.id = `spice-screen-${Math.random().toString(36).slice(2)}`;
  let closed = false;
  const conn = new spice.SpiceMainConn({
    uri: consoleSocketUrl(ticket.path, ticket.token),
    screen_id: screen.id,
    // The relay puts the real password into the SPICE link itself (lib/console/spice-handshake.ts).
    password: '',
    onsuccess: () => onEvent({ type: 'connected' }),
    onerror: (e) => {
      if (!closed) onEvent({ type: 'failed', reason: e?.message });
    },
    onagent: (sc) => {
      window.addEventListener('resize', spice.handle_resize);
      spice.resize_helper(sc);
    },
  });
  // spice-html5's input helpers (Ctrl+Alt+Del, the keyboard) look for the connection in `window.sc`.
  (window as unknown as { sc?: unknown }).sc = conn;
  return {
    protocol: 'spice',
    setScale() {
      // spice-html5 draws at the guest's size; the agent resizes the guest to the window instead.
    },
    setViewOnly() {},
    ctrlAltDel: () => spice.sendCtrlAltDel(),
    sendKeys() {},
    paste() {},
    focus: () => screen.focus(),
    close() {
      closed = true;
      window.removeEventListener('resize', spice.handle_resize);
      conn.stop();
      onEvent({ type: 'closed' });
    },
  };
}
