const GIB = 1024 ** 3;

/** Cinder sizes are whole GiB. */
export function gib(bytes: number): number {
  return Math.round(bytes / GIB);
}
