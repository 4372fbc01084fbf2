/**
 * What crosses the wire between the route handlers (and the server-side
 * prefetch) and the browser: JSON, so dates are ISO strings. Typing that
 * honestly keeps client code from calling Date methods on strings.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The same value the browser would get from the route handler. */
export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}
