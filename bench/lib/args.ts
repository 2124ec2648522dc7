/**
 * Tiny CLI/env option reader shared by the benchmarks and the load-test tool.
 * `--tables 200`, `--tables=200` and the env var `TABLES=200` all set `tables`; CLI wins over env.
 */

export type Flags = Map<string, string>;

export function parseFlags(argv: readonly string[] = process.argv.slice(2)): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        flags.set(arg.slice(2), next);
        i++;
      } else {
        flags.set(arg.slice(2), "true");
      }
    }
  }
  return flags;
}

function envName(name: string): string {
  return name.replace(/-/g, "_").toUpperCase();
}

function raw(flags: Flags, name: string): string | undefined {
  return flags.get(name) ?? process.env[envName(name)] ?? undefined;
}

/** "2s", "500ms", "1.5m", "60" (seconds when no unit) → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${JSON.stringify(text)} (use e.g. 500ms, 2s, 1m)`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return Math.round(unit === "ms" ? n : unit === "m" ? n * 60_000 : n * 1000);
}

export function intFlag(flags: Flags, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = raw(flags, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got ${v}`);
  return n;
}

export function durationFlag(flags: Flags, name: string, fallbackMs: number, maxMs = 60 * 60_000): number {
  const v = raw(flags, name);
  if (v === undefined) return fallbackMs;
  const ms = parseDuration(v);
  if (ms > maxMs) throw new Error(`--${name} must be at most ${maxMs / 1000}s (runs are bounded), got ${v}`);
  return ms;
}

export function stringFlag(flags: Flags, name: string, fallback: string): string;
export function stringFlag(flags: Flags, name: string): string | undefined;
export function stringFlag(flags: Flags, name: string, fallback?: string): string | undefined {
  return raw(flags, name) ?? fallback;
}

export function boolFlag(flags: Flags, name: string, fallback = false): boolean {
  const v = raw(flags, name);
  if (v === undefined) return fallback;
  return v === "true" || v === "1" || v === "yes";
}
