import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Server CPU and memory seen from outside the server: /proc for a local pid (the process and
 * all its descendants, so `npm start`/tsx wrappers are covered) or Prometheus /metrics otherwise.
 */

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export interface ProcSample {
  at: number;
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
}

function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as number;
    try {
      for (const task of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").split(/\s+/)) {
        if (task) out.push(Number(task));
      }
    } catch {
      // Process gone or no permission: count what we can.
    }
  }
  return out;
}

function one(pid: number): { cpuSeconds: number; rssBytes: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": the comm may contain spaces, so split after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: (utime + stime) / ticksPerSecond(), rssBytes: rssKb * 1024 };
  } catch {
    return null;
  }
}

/** CPU and RSS of `pid` plus its descendants; null if the process does not exist. */
export function sampleProc(pid: number): ProcSample | null {
  const root = one(pid);
  if (!root) return null;
  let cpuSeconds = root.cpuSeconds;
  let rssBytes = root.rssBytes;
  for (const child of descendants(pid).slice(1)) {
    const s = one(child);
    if (s) {
      cpuSeconds += s.cpuSeconds;
      rssBytes += s.rssBytes;
    }
  }
  return { at: Date.now(), cpuSeconds, rssBytes };
}

/** Prometheus text → metric name → summed value over all label sets (and the raw lines). */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1] as string;
    const labels = m[2] ?? "";
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    out.set(name, (out.get(name) ?? 0) + value);
    // Keep labelled series addressable too (e.g. action results, histogram buckets).
    if (labels) out.set(`${name}${labels.replace(/,?service="[^"]*"/, "").replace("{,", "{")}`, value);
  }
  return out;
}

export async function scrapeMetrics(baseUrl: string, token?: string): Promise<Map<string, number>> {
  const res = await fetch(new URL("/metrics", baseUrl), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return parsePrometheus(await res.text());
}

export async function sampleMetrics(baseUrl: string, token?: string): Promise<ProcSample & { metrics: Map<string, number> }> {
  const metrics = await scrapeMetrics(baseUrl, token);
  return {
    at: Date.now(),
    cpuSeconds: metrics.get("process_cpu_seconds_total") ?? Number.NaN,
    rssBytes: metrics.get("process_resident_memory_bytes") ?? Number.NaN,
    metrics,
  };
}
