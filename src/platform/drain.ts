import { matchMaker, ServerError } from "@colyseus/core";
import type { ReadinessCheck } from "../http/health.router.js";

/**
 * Draining a process before maintenance (docs/OPERATIONS.md "Draining a process"): a draining
 * process gets no new tables — matchmaking and `POST /tables` place them on the other processes,
 * or refuse with DRAINING when every process drains — and its `/ready` answers 503 so a load
 * balancer sends it no new players. Tables it holds play on. The set of draining processes lives
 * in presence (Redis with REDIS_URL), so any process can drain any other.
 */

/** Presence set of the ids of draining processes. */
export const DRAINING_SET = "diwan:draining";

/**
 * Every live process's room count and clients, this one always included: Colyseus writes a
 * process's entry to presence only on its next stats update (not at start when a previous
 * server of the same Node process shut down), so a fresh process could be missing from it.
 */
export async function liveProcesses(): Promise<{ processId: string; roomCount: number; ccu: number }[]> {
  const all = await matchMaker.stats.fetchAll();
  if (!all.some((p) => p.processId === matchMaker.processId)) {
    all.push({ processId: matchMaker.processId, roomCount: matchMaker.stats.local.roomCount, ccu: matchMaker.stats.local.ccu });
  }
  return all;
}

export async function drainingProcesses(): Promise<Set<string>> {
  return new Set(await matchMaker.presence.smembers(DRAINING_SET));
}

export async function isDraining(processId: string = matchMaker.processId): Promise<boolean> {
  return Boolean(await matchMaker.presence.sismember(DRAINING_SET, processId));
}

export async function setDraining(processId: string, draining: boolean): Promise<void> {
  if (draining) await matchMaker.presence.sadd(DRAINING_SET, processId);
  else await matchMaker.presence.srem(DRAINING_SET, processId);
}

/**
 * Where a new table goes: the process with the fewest rooms among those not draining (Colyseus's
 * own rule, less the draining ones). None left: DRAINING (503), the table is not created.
 */
export async function selectProcessForNewTable(): Promise<string> {
  const [all, draining] = await Promise.all([liveProcesses(), drainingProcesses()]);
  const open = all.filter((p) => !draining.has(p.processId)).sort((a, b) => a.roomCount - b.roomCount);
  if (open[0]) return open[0].processId;
  throw new ServerError(503, "DRAINING: every server process is draining for maintenance; no new tables for now, retry shortly");
}

/** /ready fails while this process drains (its open tables are counted in the message). */
export const drainReadiness: ReadinessCheck = {
  name: "draining",
  check: async () => {
    let timer: NodeJS.Timeout | undefined;
    const draining = await Promise.race([
      isDraining().finally(() => clearTimeout(timer)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("presence did not answer within 2000 ms")), 2000);
      }),
    ]);
    if (draining) throw new Error(`draining: no new tables; ${matchMaker.stats.local.roomCount} still open here`);
  },
};
