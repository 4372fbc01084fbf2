// The part of spice-html5 0.2.1 the console page uses (the package ships no types).
declare module '@spice-project/spice-html5' {
  export interface SpiceMainConnOptions {
    uri: string;
    screen_id: string;
    password?: string;
    onerror?: (e: Error) => void;
    onsuccess?: () => void;
    onagent?: (sc: SpiceMainConn) => void;
  }
  export class SpiceMainConn {
    constructor(options: SpiceMainConnOptions);
    stop(): void;
  }
  export function sendCtrlAltDel(): void;
  export function handle_resize(): void;
  export function resize_helper(sc: SpiceMainConn): void;
}
