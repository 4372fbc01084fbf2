// Key combinations a browser cannot pass through (the OS or the browser takes them first):
// X11 keysyms and the matching KeyboardEvent codes, as noVNC's sendKey wants them.
export interface KeyStroke {
  keysym: number;
  code: string;
}

const CTRL: KeyStroke = { keysym: 0xffe3, code: 'ControlLeft' };
const ALT: KeyStroke = { keysym: 0xffe9, code: 'AltLeft' };
const fn = (n: number): KeyStroke => ({ keysym: 0xffbe + n - 1, code: `F${n}` });

/** id → keys pressed in order and released in reverse. The label is the combination itself. */
export const KEY_COMBOS: { id: string; label: string; keys: KeyStroke[] }[] = [
  { id: 'ctrl-alt-backspace', label: 'Ctrl+Alt+Backspace', keys: [CTRL, ALT, { keysym: 0xff08, code: 'Backspace' }] },
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `ctrl-alt-f${n}`, label: `Ctrl+Alt+F${n}`, keys: [CTRL, ALT, fn(n)] })),
  { id: 'alt-tab', label: 'Alt+Tab', keys: [ALT, { keysym: 0xff09, code: 'Tab' }] },
  { id: 'alt-f4', label: 'Alt+F4', keys: [ALT, fn(4)] },
  { id: 'super', label: 'Super (Windows)', keys: [{ keysym: 0xffeb, code: 'MetaLeft' }] },
  { id: 'print', label: 'PrintScreen', keys: [{ keysym: 0xff61, code: 'PrintScreen' }] },
  { id: 'escape', label: 'Esc', keys: [{ keysym: 0xff1b, code: 'Escape' }] },
];

export function pressCombo(send: (keysym: number, code: string, down: boolean) => void, keys: KeyStroke[]): void {
  for (const k of keys) send(k.keysym, k.code, true);
  for (const k of [...keys].reverse()) send(k.keysym, k.code, false);
}
