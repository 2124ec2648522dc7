/**
 * pg returns int8 / count(*) as strings (to keep 64-bit precision), PGlite as numbers.
 * Every int8 read goes through here so callers always get a JS number.
 */
export function toInt(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer out of safe range: ${String(value)}`);
  return n;
}
