import type { Room } from "@colyseus/sdk";
import { BenchUsers, noReconnect, sdkClient } from "./clients.js";
import { RunStats, ScriptedPlayer } from "./player.js";
import { scrapeMetrics } from "./proc.js";
import { fmt, fmtBytes, printTable, sleep } from "./stats.js";

/**
 * Soak mode of the load tool: waves of vs-bots tables that play for a while and are then left
 * (politely) or abandoned (the socket cut without a close frame, as a crashed app or a lost
 * network would), each wave followed by waiting until the server has closed those tables. The
 * server's heap and RSS after each wave show whether tables nobody comes back to release their
 * memory: a leak grows wave after wave, a healthy server returns to a plateau.
 */
export interface SoakOptions {
  url: string;
  secret: string;
  metricsToken?: string;
  waves: number;
  tablesPerWave: number;
  waveMs: number;
  /** Share of the players that abandon (cut the socket) instead of leaving (0..1). */
  abandonShare: number;
  /** Longest wait for the server to close a wave's tables (covers RECONNECT_GRACE_S). */
  settleTimeoutMs: number;
  paceMs: number;
  json: boolean;
}

interface WaveSample {
  wave: number;
  joined: number;
  left: number;
  abandoned: number;
  roomsAfter: number;
  settleS: number;
  heapUsed: number;
  heapTotal: number;
  rss: number;
}

function cut(room: Room): void {
  // No close frame: the server sees an abnormal drop and holds the seat for the grace period.
  const socket = (room.connection.transport as unknown as { ws?: { terminate?(): void; close(): void } }).ws;
  if (socket?.terminate) socket.terminate();
  else socket?.close();
}

async function memory(url: string, token?: string): Promise<{ rooms: number; heapUsed: number; heapTotal: number; rss: number }> {
  const m = await scrapeMetrics(url, token);
  return {
    // The gauge has no series until the first table opened: none means 0.
    rooms: m.get("diwan_rooms_active") ?? 0,
    heapUsed: m.get("nodejs_heap_size_used_bytes") ?? Number.NaN,
    heapTotal: m.get("nodejs_heap_size_total_bytes") ?? Number.NaN,
    rss: m.get("process_resident_memory_bytes") ?? Number.NaN,
  };
}

export async function runSoak(o: SoakOptions): Promise<void> {
  const users = new BenchUsers(o.secret, "soak");
  const stats = new RunStats();
  stats.recording = true;
  const baseline = await memory(o.url, o.metricsToken);
  console.log(
    `soak: ${o.waves} waves × ${o.tablesPerWave} vs-bots tables, ${o.waveMs / 1000} s each, ${Math.round(o.abandonShare * 100)} % abandoned; ` +
      `before: rooms ${baseline.rooms}, heap ${fmtBytes(baseline.heapUsed)}, rss ${fmtBytes(baseline.rss)}`,
  );
  const samples: WaveSample[] = [];
  for (let wave = 1; wave <= o.waves; wave++) {
    const players: ScriptedPlayer[] = [];
    await Promise.all(
      Array.from({ length: o.tablesPerWave }, async () => {
        const user = await users.next();
        try {
          const room = await sdkClient(o.url, user.token).create("baloot", { mode: "bots" });
          noReconnect(room);
          players.push(new ScriptedPlayer(room, user.id, stats, { paceMs: o.paceMs, jitterMs: o.paceMs / 4, minGapMs: 60, ackTimeoutMs: 10_000, countApplied: false }));
        } catch (err) {
          console.error(`soak: join failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
    await sleep(o.waveMs);
    const abandonCount = Math.round(players.length * o.abandonShare);
    let left = 0;
    await Promise.all(
      players.map(async (p, i) => {
        if (i < abandonCount) {
          cut(p.room);
          return;
        }
        await Promise.race([p.stop(), sleep(5000)]);
        left += 1;
      }),
    );
    // Wait until the server has closed this wave's tables (or the time-out).
    const settleStarted = Date.now();
    let now = await memory(o.url, o.metricsToken);
    while (now.rooms > baseline.rooms && Date.now() - settleStarted < o.settleTimeoutMs) {
      await sleep(2000);
      now = await memory(o.url, o.metricsToken);
    }
    // A moment for the server's GC to run after the tables went.
    await sleep(3000);
    now = await memory(o.url, o.metricsToken);
    const sample: WaveSample = {
      wave,
      joined: players.length,
      left,
      abandoned: abandonCount,
      roomsAfter: now.rooms,
      settleS: (Date.now() - settleStarted) / 1000,
      heapUsed: now.heapUsed,
      heapTotal: now.heapTotal,
      rss: now.rss,
    };
    samples.push(sample);
    console.log(
      `  wave ${wave}: ${sample.joined} tables (${sample.left} left, ${sample.abandoned} abandoned); closed after ${fmt(sample.settleS)} s, ` +
        `rooms left ${sample.roomsAfter}; heap ${fmtBytes(sample.heapUsed)} rss ${fmtBytes(sample.rss)}`,
    );
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  const rows: [string, string][] = [
    ["waves × tables", `${o.waves} × ${o.tablesPerWave} (${Math.round(o.abandonShare * 100)} % abandoned, ${o.waveMs / 1000} s of play each)`],
    ["before the first wave", `rooms ${baseline.rooms}, heap ${fmtBytes(baseline.heapUsed)}, rss ${fmtBytes(baseline.rss)}`],
    ["after wave 1", first ? `heap ${fmtBytes(first.heapUsed)}, rss ${fmtBytes(first.rss)}` : "-"],
    ["after the last wave", last ? `heap ${fmtBytes(last.heapUsed)}, rss ${fmtBytes(last.rss)}, rooms left ${last.roomsAfter}` : "-"],
    ["growth wave 1 → last (heap / rss)", first && last ? `${fmtBytes(last.heapUsed - first.heapUsed)} / ${fmtBytes(last.rss - first.rss)}` : "-"],
    ["growth before → last (heap / rss)", last ? `${fmtBytes(last.heapUsed - baseline.heapUsed)} / ${fmtBytes(last.rss - baseline.rss)}` : "-"],
    ["slowest close of a wave's tables", `${fmt(Math.max(...samples.map((s) => s.settleS)))} s`],
    ["actions acked", String(stats.acked)],
  ];
  printTable("soak summary (heap is the server's used heap as /metrics reports it, not forced after a GC)", rows);
  if (o.json) console.log(`RESULT ${JSON.stringify({ baseline, samples })}`);
}
