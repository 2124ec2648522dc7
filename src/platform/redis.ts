import { matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.js";

/**
 * Every Redis connection of the process and one view of whether Redis is reachable
 * (issue 8 item 13). Each connection gets an error listener (ioredis prints "Unhandled error
 * event" to stderr once per reconnect attempt otherwise) and the state is logged once per
 * change. When Redis comes back (possibly empty after a restart), this process re-announces
 * itself and its rooms so matchmaking finds them again.
 */
export class RedisState {
  readonly presence: RedisPresence;
  readonly driver: RedisDriver;
  /** Readiness checks, join-code cache, rate limits: fails fast while Redis is away. */
  readonly commands: Redis;
  /** The stream journal: auto-pipelining batches a tick's appends into one write. */
  readonly journal: Redis;
  private readonly connections: Redis[];
  private down = new Set<Redis>();
  private reachable = true;
  private lastError = "";
  private since = Date.now();

  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    // Reconnect quickly (Redis restarts take seconds); a command waits for at most one reconnect
    // attempt instead of twenty, so callers learn about an outage in about a second.
    const base: RedisOptions = { retryStrategy: (times) => Math.min(100 * times, 1000), maxRetriesPerRequest: 1, lazyConnect: false };
    const pub = new Redis(url, base);
    const sub = new Redis(url, { ...base, enableReadyCheck: false, maxRetriesPerRequest: null });
    const driverClient = new Redis(url, base);
    this.commands = new Redis(url, { ...base, enableOfflineQueue: false });
    this.journal = new Redis(url, { ...base, enableAutoPipelining: true });
    this.connections = [pub, sub, driverClient, this.commands, this.journal];
    this.presence = new RedisPresence(pub);
    // RedisPresence duplicates `pub` for subscriptions when handed a client: replace it with ours.
    const presenceInternals = this.presence as unknown as { sub: Redis };
    presenceInternals.sub.disconnect();
    presenceInternals.sub = sub;
    sub.setMaxListeners(0);
    sub.on("ready", () => (this.presence as unknown as { resubscribeAll(): void }).resubscribeAll());
    this.driver = new RecoveringRedisDriver(driverClient);
    // Colyseus updates its per-process stats fire-and-forget (no catch): while Redis is away each
    // update would be an unhandled rejection. They are rewritten on reconnect (reannounce).
    const hset = this.presence.hset.bind(this.presence);
    this.presence.hset = (key: string, field: string, value: string) =>
      key === "roomcount" ? hset(key, field, value).catch(() => false) : hset(key, field, value);
    for (const connection of this.connections) {
      connection.on("error", (err: Error) => this.markDown(connection, err));
      connection.on("close", () => this.markDown(connection, new Error("connection closed")));
      connection.on("ready", () => this.markUp(connection));
    }
  }

  /** Connected (every connection ready): matchmaking may use Redis. */
  get isUp(): boolean {
    return this.reachable && this.down.size === 0;
  }

  /** Why Redis is considered down (for readiness). */
  get reason(): string {
    return this.lastError || "not connected";
  }

  /** Wait until every connection is ready (start-up), bounded. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.connections.every((c) => c.status === "ready")) return;
      if (Date.now() > deadline) throw new Error(`Redis not ready within ${timeoutMs} ms: ${this.reason}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private markDown(connection: Redis, err: Error): void {
    if (connection.status === "end") return;
    this.down.add(connection);
    if (err.message !== "connection closed") this.lastError = err.message;
    if (!this.reachable) return;
    this.reachable = false;
    this.since = Date.now();
    this.logger.error({ err: this.lastError || err.message, event: "redis_unreachable" }, "redis unreachable: matchmaking answers 503 until it is back");
  }

  private markUp(connection: Redis): void {
    this.down.delete(connection);
    if (this.reachable || this.down.size > 0) return;
    this.reachable = true;
    const downMs = Date.now() - this.since;
    this.lastError = "";
    this.logger.info({ event: "redis_reachable", downMs }, "redis reachable again: re-announcing this process and its rooms");
    void this.reannounce();
  }

  /** A restarted Redis is empty: put this process's stats and room listings back. */
  private async reannounce(): Promise<void> {
    try {
      await matchMaker.stats.persist(true);
      await matchMaker.restoreMissingRoomCaches();
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "re-announcing rooms to redis failed");
    }
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.disconnect();
  }
}

/**
 * RedisDriver 0.18.3 caches the in-flight "all rooms" request per room name and clears it only
 * when it succeeds: one failure during an outage stays cached and every later quick match fails
 * with it ("Reached the max retries per request limit") until the process restarts. Clear it on
 * failure too.
 */
class RecoveringRedisDriver extends RedisDriver {
  constructor(client: Redis) {
    super(client);
    const self = this as unknown as {
      getRooms(name?: string): Promise<unknown>;
      _roomCacheRequestByName: Record<string, Promise<unknown> | undefined>;
      _concurrentRoomCacheRequest?: Promise<unknown>;
    };
    const original = self.getRooms.bind(this);
    self.getRooms = (name?: string) => {
      const request = original(name);
      request.catch(() => {
        delete self._roomCacheRequestByName[String(name)];
        self._concurrentRoomCacheRequest = undefined;
      });
      return request;
    };
  }

  /** Called fire-and-forget when a room is disposed: an outage must not become an unhandled rejection. */
  override async remove(roomId: string): Promise<boolean> {
    try {
      return await super.remove(roomId);
    } catch {
      return false;
    }
  }
}
