import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics for one process. Created once by the server and passed to whoever records;
 * a fresh registry per server keeps tests independent.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
  roomsActive: Gauge<"room">;
  clientsConnected: Gauge<"room">;
  actions: Counter<"game" | "result">;
  actionAckSeconds: Histogram<"game">;
  recorderFlushes: Counter<"result">;
  recorderPendingEvents: Gauge;
  /** Smallest p-value of the latest updated fairness profile period (docs/FAIRNESS.md). */
  fairnessMinPValue: Gauge<"game" | "rule_version">;
  /** A fairness profile period's p-value fell below 0.001 (alert on any increase). */
  fairnessAlerts: Counter<"game" | "rule_version" | "test">;
  fairnessMatchesFolded: Counter<"game">;
  /** Matchmaking requests (POST /matchmake/…, served by Colyseus, not Express) by method and status. */
  matchmakeDuration: Histogram<"method" | "status">;
  /** SQL statements by operation (select, insert…) and result (ok, error). */
  dbQueries: Counter<"operation" | "result">;
  dbQueryDuration: Histogram<"operation">;
  /** Waiting for a connection: pg pool checkout, or PGlite's one-at-a-time queue. */
  dbAcquireWait: Histogram;
  /** Callers waiting for a database connection right now. */
  dbPoolWaiting: Gauge;
  /** Table lifecycle: created, started, finished, interrupted, abandoned (closed before its match started). */
  tableEvents: Counter<"game" | "event">;
  /** Played matches, start to end, by how they ended (finished, forfeit, resign). */
  matchDuration: Histogram<"game" | "reason">;
  /** Players whose connection dropped (seat held for RECONNECT_GRACE_S) and players back within it. */
  playerDrops: Counter<"game">;
  reconnects: Counter<"game">;
  /** A bot took over a seated player's seat (left, timeouts). */
  botTakeovers: Counter<"game" | "reason">;
  /** Turn clocks that ran out. */
  turnTimeouts: Counter<"game">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "diwan" });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: "diwan_http_request_duration_seconds",
      help: "HTTP request duration by route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    roomsActive: new Gauge({
      name: "diwan_rooms_active",
      help: "Rooms hosted by this process",
      labelNames: ["room"],
      registers: [registry],
    }),
    clientsConnected: new Gauge({
      name: "diwan_clients_connected",
      help: "Clients connected to rooms of this process",
      labelNames: ["room"],
      registers: [registry],
    }),
    actions: new Counter({
      name: "diwan_game_actions_total",
      help: "Game actions handled, by result (accepted, rejected, duplicate)",
      labelNames: ["game", "result"],
      registers: [registry],
    }),
    actionAckSeconds: new Histogram({
      name: "diwan_game_action_handling_seconds",
      help: "Server time from receiving an action to sending its acknowledgement",
      labelNames: ["game"],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers: [registry],
    }),
    recorderFlushes: new Counter({
      name: "diwan_recorder_flushes_total",
      help: "Event-log flushes to the database, by result (ok, failed)",
      labelNames: ["result"],
      registers: [registry],
    }),
    recorderPendingEvents: new Gauge({
      name: "diwan_recorder_pending_entries",
      help: "Accepted actions buffered in memory, not yet stored",
      registers: [registry],
    }),
    fairnessMinPValue: new Gauge({
      name: "diwan_fairness_min_p_value",
      help: "Smallest p-value of the fairness profile period updated last, by game and rule version",
      labelNames: ["game", "rule_version"],
      registers: [registry],
    }),
    fairnessAlerts: new Counter({
      name: "diwan_fairness_alerts_total",
      help: "Fairness profile periods whose p-value fell below 0.001 (RNG fingerprint alert)",
      labelNames: ["game", "rule_version", "test"],
      registers: [registry],
    }),
    fairnessMatchesFolded: new Counter({
      name: "diwan_fairness_matches_folded_total",
      help: "Finished matches folded into the fairness profiles",
      labelNames: ["game"],
      registers: [registry],
    }),
    matchmakeDuration: new Histogram({
      name: "diwan_matchmake_duration_seconds",
      help: "Matchmaking request duration (seat reservation) by method and HTTP status",
      labelNames: ["method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    dbQueries: new Counter({
      name: "diwan_db_queries_total",
      help: "SQL statements executed, by operation and result (ok, error)",
      labelNames: ["operation", "result"],
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: "diwan_db_query_duration_seconds",
      help: "SQL statement duration (after a connection was acquired), by operation",
      labelNames: ["operation"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    dbAcquireWait: new Histogram({
      name: "diwan_db_acquire_wait_seconds",
      help: "Time waiting for a database connection (pg pool or the embedded database's queue)",
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    dbPoolWaiting: new Gauge({
      name: "diwan_db_pool_waiting",
      help: "Callers waiting for a database connection now",
      registers: [registry],
    }),
    tableEvents: new Counter({
      name: "diwan_table_events_total",
      help: "Table lifecycle: created, started, finished, interrupted (shutdown or admin close mid-match), abandoned (closed before its match started)",
      labelNames: ["game", "event"],
      registers: [registry],
    }),
    matchDuration: new Histogram({
      name: "diwan_match_duration_seconds",
      help: "Match duration from start to end, by game and end reason (finished, forfeit, resign)",
      labelNames: ["game", "reason"],
      buckets: [30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200],
      registers: [registry],
    }),
    playerDrops: new Counter({
      name: "diwan_player_drops_total",
      help: "Seated players whose connection dropped during a table (seat held for the reconnection grace)",
      labelNames: ["game"],
      registers: [registry],
    }),
    reconnects: new Counter({
      name: "diwan_reconnects_total",
      help: "Seated players who reconnected within the grace",
      labelNames: ["game"],
      registers: [registry],
    }),
    botTakeovers: new Counter({
      name: "diwan_bot_takeovers_total",
      help: "Seats of players taken over by a bot, by reason (left, timeouts)",
      labelNames: ["game", "reason"],
      registers: [registry],
    }),
    turnTimeouts: new Counter({
      name: "diwan_turn_timeouts_total",
      help: "Turn clocks that ran out (the timeout action was played or the match forfeited)",
      labelNames: ["game"],
      registers: [registry],
    }),
  };
}

/**
 * Hot-path series (issue 10: every action counts itself and times its ack). prom-client hashes
 * and validates the labels object on every `inc`/`observe`; a cell does that once per label set
 * (through the metric's own `inc`/`observe`, which creates the series), then adds to the value
 * entry prom-client keeps for that series — the same entry `/metrics`, `get()` and `reset()`
 * read and replace, so what is exported is exactly what `inc`/`observe` would have produced.
 * When the entry was replaced (a `reset()`), the next call goes through the metric again.
 * Relies on prom-client 15's `hashMap` of `{ labels, value }` / `{ labels, sum, count,
 * bucketValues }` entries (test/platform/metricCells.test.ts checks it against plain calls).
 */
type Labels = Record<string, string | number>;

interface SeriesMap<E> {
  hashMap: Record<string, E & { labels: Labels }>;
}

function sameLabels(a: Labels, b: Labels): boolean {
  let count = 0;
  for (const k in b) {
    count += 1;
    if (a[k] !== b[k]) return false;
  }
  for (const _ in a) count -= 1;
  return count === 0;
}

/** The key and entry prom-client holds for `labels`, or null. */
function findSeries<E>(metric: SeriesMap<E>, labels: Labels): { key: string; entry: E } | null {
  const map = metric.hashMap;
  for (const key in map) {
    const entry = map[key] as E & { labels: Labels };
    if (sameLabels(entry.labels, labels)) return { key, entry };
  }
  return null;
}

export class CounterCell {
  private key = "";
  private entry: { value: number } | null = null;

  constructor(
    private readonly counter: Counter<string>,
    private readonly labels: Labels,
  ) {}

  inc(): void {
    const entry = this.entry;
    if (entry !== null && (this.counter as unknown as SeriesMap<{ value: number }>).hashMap[this.key] === entry) {
      entry.value += 1;
      return;
    }
    this.counter.inc(this.labels);
    const found = findSeries<{ value: number }>(this.counter as unknown as SeriesMap<{ value: number }>, this.labels);
    this.key = found?.key ?? "";
    this.entry = found?.entry ?? null;
  }
}

interface HistogramEntry {
  sum: number;
  count: number;
  bucketValues: Record<string, number>;
}

export class HistogramCell {
  private key = "";
  private entry: HistogramEntry | null = null;
  /** Upper bounds and their property names in `bucketValues` (as prom-client indexes them). */
  private readonly bounds: readonly number[];
  private readonly boundKeys: readonly string[];

  constructor(
    private readonly histogram: Histogram<string>,
    private readonly labels: Labels,
  ) {
    this.bounds = (histogram as unknown as { upperBounds: number[] }).upperBounds;
    this.boundKeys = this.bounds.map(String);
  }

  observe(value: number): void {
    const entry = this.entry;
    if (entry !== null && Number.isFinite(value) && (this.histogram as unknown as SeriesMap<HistogramEntry>).hashMap[this.key] === entry) {
      entry.sum += value;
      entry.count += 1;
      const bounds = this.bounds;
      for (let i = 0; i < bounds.length; i++) {
        if (value <= (bounds[i] as number)) {
          (entry.bucketValues[this.boundKeys[i] as string] as number) += 1;
          break;
        }
      }
      return;
    }
    this.histogram.observe(this.labels, value);
    const found = findSeries<HistogramEntry>(this.histogram as unknown as SeriesMap<HistogramEntry>, this.labels);
    this.key = found?.key ?? "";
    this.entry = found?.entry ?? null;
  }
}
