import type { Client } from "@colyseus/sdk";
import { noReconnect, sdkClient } from "../../bench/lib/clients.js";
import { RunStats, ScriptedPlayer } from "../../bench/lib/player.js";
import { Latencies, sleep } from "../../bench/lib/stats.js";
import { pacedLaunches } from "./pacing.js";

/**
 * The virtual players of a run: joining (with the retries a real client makes), the ramp or
 * storm that brings them in, queuing again after a finished match (keeps the population
 * steady), and leaving at the end. Each player keeps its SDK client so it can reconnect.
 */

export interface UserSource {
  next(): Promise<{ id: string; name: string; token: string }>;
}

export interface PopulationOptions {
  url: string;
  users: UserSource;
  mode: "quick" | "bots";
  paceMs: number;
  jitterMs: number;
  stats: RunStats;
}

export class Population {
  readonly live = new Set<ScriptedPlayer>();
  readonly clients = new Map<ScriptedPlayer, Client>();
  readonly joinLatency = new Latencies();
  /** Join latencies of the ramp/storm only (re-queues after a match are in joinLatency too). */
  readonly rampJoinLatency = new Latencies();
  readonly joinErrors = new Map<string, number>();
  readonly joinRetries = new Map<string, number>();
  /** Distinct tables the ramp/storm joins were seated in. */
  readonly rampTables = new Set<string>();
  joinsStarted = 0;
  joinsDone = 0;
  requeues = 0;
  running = true;

  constructor(private readonly o: PopulationOptions) {}

  get joinFailures(): number {
    let n = 0;
    for (const v of this.joinErrors.values()) n += v;
    return n;
  }

  async joinOne(ramp = true): Promise<void> {
    this.joinsStarted += 1;
    try {
      await this.join(ramp);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const key = text.slice(0, 80);
      this.joinErrors.set(key, (this.joinErrors.get(key) ?? 0) + 1);
    } finally {
      this.joinsDone += 1;
    }
  }

  private async join(ramp: boolean): Promise<void> {
    const user = await this.o.users.next();
    const client = sdkClient(this.o.url, user.token);
    const started = performance.now();
    let room;
    for (let attempt = 1; ; attempt++) {
      try {
        room = this.o.mode === "bots" ? await client.create("baloot", { mode: "bots" }) : await client.joinOrCreate("baloot", { mode: "quick" });
        break;
      } catch (err) {
        // The matchmaker may hand a seat in a quick table that filled and started meanwhile
        // (ALREADY_STARTED / TABLE_FULL): a real client queues again, so do we, and count it.
        const code = /^(ALREADY_STARTED|TABLE_FULL)/.exec(err instanceof Error ? err.message : "")?.[1];
        if (!code || attempt >= 10 || !this.running) throw err;
        this.joinRetries.set(code, (this.joinRetries.get(code) ?? 0) + 1);
        await sleep(20 + Math.random() * 100 * attempt);
      }
    }
    const took = performance.now() - started;
    this.joinLatency.add(took);
    if (ramp) {
      this.rampJoinLatency.add(took);
      this.rampTables.add(room.roomId);
    }
    noReconnect(room);
    const player = new ScriptedPlayer(room, user.id, this.o.stats, {
      paceMs: this.o.paceMs,
      jitterMs: this.o.jitterMs,
      minGapMs: 60,
      ackTimeoutMs: 10_000,
      countApplied: false,
      // A finished match: leave and queue again, like a real player.
      onFinished: (p) => {
        this.forget(p);
        void p.stop();
        if (this.running) {
          this.requeues += 1;
          void this.joinOne(false);
        }
      },
      onLost: (p) => this.forget(p),
    });
    this.live.add(player);
    this.clients.set(player, client);
  }

  forget(p: ScriptedPlayer): void {
    this.live.delete(p);
    this.clients.delete(p);
  }

  /**
   * Start `count` joins at `ratePerS` (a steady ramp, or a storm when the rate is high), with at
   * most `maxInFlight` joins waiting for an answer; resolves when all have answered or at the
   * time-out. Returns how long it took.
   */
  ramp(count: number, ratePerS: number, maxInFlight: number, timeoutMs: number): Promise<number> {
    return pacedLaunches(count, ratePerS, maxInFlight, timeoutMs, () => this.joinOne(true));
  }

  /** Leave politely, bounded. */
  async leaveAll(timeoutMs = 15_000): Promise<void> {
    this.running = false;
    const leaving = [...this.live].map((p) => p.stop());
    await Promise.race([Promise.all(leaving), sleep(timeoutMs)]);
  }
}
