// What a demo VM's screen shows: its name, a clock, the last keys it received and the last text
// pasted into it. Colors come from the name, so two VMs never look alike and a test can tell
// which screen it is looking at (screenColors).
import { glyph, GLYPH_H, GLYPH_W } from './rfb-font';

export const SCREEN_W = 640;
export const SCREEN_H = 400;

export type Rgb = [number, number, number];

const PALETTE: Rgb[] = [
  [22, 78, 99], [67, 56, 120], [21, 94, 62], [120, 53, 15], [30, 64, 175], [112, 26, 117], [15, 118, 110], [127, 29, 29],
];
export const INK: Rgb = [255, 255, 255];
export const BAND: Rgb = [15, 23, 42];
export const BAND_HEIGHT = 48;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function screenColors(vmName: string): { background: Rgb; ink: Rgb; band: Rgb } {
  return { background: PALETTE[hash(vmName) % PALETTE.length], ink: INK, band: BAND };
}

export interface ScreenState {
  name: string;
  now: Date;
  keys: string[];
  clipboard: string;
}

/** RGB, 3 bytes a pixel, row by row. */
export function renderScreen(state: ScreenState): Uint8Array {
  const px = new Uint8Array(SCREEN_W * SCREEN_H * 3);
  const { background } = screenColors(state.name);
  fill(px, 0, 0, SCREEN_W, SCREEN_H, background);
  fill(px, 0, 0, SCREEN_W, BAND_HEIGHT, BAND);
  text(px, 16, 14, 3, 'VIRTDASH DEMO CONSOLE', INK);
  text(px, 24, 80, 5, state.name.slice(0, 20), INK);
  const t = state.now;
  const two = (n: number) => String(n).padStart(2, '0');
  text(px, 24, 170, 6, `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`, INK);
  text(px, 24, 290, 2, `KEYS: ${state.keys.join(' ')}`.slice(0, 50), INK);
  text(px, 24, 330, 2, `PASTE: ${state.clipboard.replace(/\s+/g, ' ')}`.slice(0, 50), INK);
  return px;
}

function fill(px: Uint8Array, x0: number, y0: number, w: number, h: number, c: Rgb): void {
  for (let y = y0; y < Math.min(y0 + h, SCREEN_H); y++) {
    for (let x = x0; x < Math.min(x0 + w, SCREEN_W); x++) {
      const i = (y * SCREEN_W + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
}

function text(px: Uint8Array, x: number, y: number, scale: number, s: string, c: Rgb): void {
  for (const ch of s) {
    const g = glyph(ch);
    for (let row = 0; row < GLYPH_H; row++) {
      for (let col = 0; col < GLYPH_W; col++) {
        if (g[row * GLYPH_W + col] === '#') fill(px, x + col * scale, y + row * scale, scale, scale, c);
      }
    }
    x += (GLYPH_W + 1) * scale;
  }
}

/** The smallest rectangle where two frames differ, or undefined when they are equal. */
export function changedRect(a: Uint8Array, b: Uint8Array): { x: number; y: number; w: number; h: number } | undefined {
  let x0 = SCREEN_W, y0 = SCREEN_H, x1 = -1, y1 = -1;
  for (let y = 0; y < SCREEN_H; y++) {
    for (let x = 0; x < SCREEN_W; x++) {
      const i = (y * SCREEN_W + x) * 3;
      if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}
