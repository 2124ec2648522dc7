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
  };
}
