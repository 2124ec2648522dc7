/**
 * Service-level objectives for a load run: `--slo p99=50ms,errors=0,joinFailures=0` parsed into
 * upper bounds, and the verdict of a finished run against them (the tool's exit code).
 * Every objective is "measured value ≤ bound"; a value the run did not measure fails, saying so,
 * rather than passing silently.
 */

export type SloKey =
  | "p50"
  | "p90"
  | "p99"
  | "p999"
  | "max"
  | "errors"
  | "joinFailures"
  | "joinP99"
  | "reconnectFailures"
  | "reconnectP99"
  | "serverCpu"
  | "heapSlope";

type Unit = "ms" | "count" | "percent" | "mibPerMin";

const KEYS: Record<SloKey, { unit: Unit; what: string }> = {
  p50: { unit: "ms", what: "action→ack p50" },
  p90: { unit: "ms", what: "action→ack p90" },
  p99: { unit: "ms", what: "action→ack p99" },
  p999: { unit: "ms", what: "action→ack p99.9" },
  max: { unit: "ms", what: "action→ack max" },
  errors: { unit: "count", what: "errors (rejected actions, ack time-outs, error messages, unexpected drops, rooms lost)" },
  joinFailures: { unit: "count", what: "failed joins" },
  joinP99: { unit: "ms", what: "join p99" },
  reconnectFailures: { unit: "count", what: "players not back in their own seat" },
  reconnectP99: { unit: "ms", what: "reconnect attempt → back in his seat p99" },
  serverCpu: { unit: "percent", what: "server CPU, average over the measured window (% of one core)" },
  heapSlope: { unit: "mibPerMin", what: "server heap growth (MiB per minute, least squares)" },
};

export const SLO_KEYS = Object.keys(KEYS) as SloKey[];

export interface Objective {
  key: SloKey;
  /** Upper bound in the key's base unit (ms, count, % of one core, MiB/min). */
  bound: number;
  /** The bound as written, for the verdict line. */
  text: string;
}

export class SloError extends Error {}

function parseBound(key: SloKey, raw: string): number {
  const unit = KEYS[key].unit;
  const text = raw.trim();
  let m: RegExpExecArray | null;
  switch (unit) {
    case "ms":
      m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text);
      if (!m) throw new SloError(`${key}: "${raw}" is not a duration (use e.g. 50ms or 0.2s)`);
      return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
    case "count":
      m = /^(\d+)$/.exec(text);
      if (!m) throw new SloError(`${key}: "${raw}" is not a whole number ≥ 0`);
      return Number(m[1]);
    case "percent":
      m = /^(\d+(?:\.\d+)?)%?$/.exec(text);
      if (!m) throw new SloError(`${key}: "${raw}" is not a percentage (use e.g. 50%)`);
      return Number(m[1]);
    case "mibPerMin":
      m = /^(-?\d+(?:\.\d+)?)(MiB\/min)?$/i.exec(text);
      if (!m) throw new SloError(`${key}: "${raw}" is not a growth rate (use e.g. 1MiB/min)`);
      return Number(m[1]);
  }
}

/** "p99=50ms,errors=0" → objectives; any unknown key, bad value or repeated key is an error. */
export function parseSlo(spec: string): Objective[] {
  const out: Objective[] = [];
  const seen = new Set<string>();
  const parts = spec.split(",").map((p) => p.trim());
  if (parts.length === 0 || parts.every((p) => p === "")) throw new SloError("--slo is empty (e.g. --slo p99=50ms,errors=0)");
  for (const part of parts) {
    if (part === "") throw new SloError(`--slo "${spec}" has an empty item`);
    const eq = part.indexOf("=");
    if (eq <= 0) throw new SloError(`--slo item "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    if (!(key in KEYS)) throw new SloError(`--slo key "${key}" is unknown; known: ${SLO_KEYS.join(", ")}`);
    if (seen.has(key)) throw new SloError(`--slo key "${key}" is given twice`);
    seen.add(key);
    out.push({ key: key as SloKey, bound: parseBound(key as SloKey, value), text: value.trim() });
  }
  return out;
}

/** The measured values an objective can be checked against (undefined: not measured by this run). */
export type Measured = Partial<Record<SloKey, number>>;

export interface Verdict {
  key: SloKey;
  what: string;
  bound: number;
  boundText: string;
  /** Undefined when the run did not measure it (that fails). */
  measured: number | undefined;
  pass: boolean;
  /** One line for the terminal and the reports. */
  line: string;
}

function show(key: SloKey, v: number): string {
  switch (KEYS[key].unit) {
    case "ms":
      return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
    case "count":
      return String(v);
    case "percent":
      return `${v.toFixed(1)} %`;
    case "mibPerMin":
      return `${v.toFixed(2)} MiB/min`;
  }
}

export function evaluate(objectives: readonly Objective[], measured: Measured): Verdict[] {
  return objectives.map((o) => {
    const value = measured[o.key];
    const what = KEYS[o.key].what;
    const ok = value !== undefined && Number.isFinite(value);
    const pass = ok && value <= o.bound;
    const got = ok ? show(o.key, value) : "not measured by this run";
    return {
      key: o.key,
      what,
      bound: o.bound,
      boundText: o.text,
      measured: ok ? value : undefined,
      pass,
      line: `${pass ? "PASS" : "FAIL"} ${o.key} ≤ ${o.text}: ${got} (${what})`,
    };
  });
}
