/** `ENOENT` and the like; not `instanceof Error`, which fails for errors from another realm. */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : String(error);
}
