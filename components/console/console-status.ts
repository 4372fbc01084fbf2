/** Where a console page stands, for its status badge (graphical and serial consoles alike). */
export type ConsoleStatus = 'requesting' | 'connecting' | 'connected' | 'closed' | 'failed';

/** How long a console may take to open (ticket, then the first screen or the port) before the page says so. */
export const CONNECT_TIMEOUT_MS = 20_000;

export const STATUS_TONE: Record<ConsoleStatus, 'info' | 'good' | 'neutral' | 'bad'> = {
  requesting: 'info',
  connecting: 'info',
  connected: 'good',
  closed: 'neutral',
  failed: 'bad',
};
