import type { AddressInfo } from "node:net";
import { defineServer, type RegisteredHandler, type Server } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { Router } from "express";
import { Redis } from "ioredis";
import { migrateToLatest, openDatabase, type DatabaseHandle } from "../db/database.js";
import { configureHttp } from "../http/app.js";
import { disableColyseusCors, installRequestGate } from "../http/requestGate.js";
import type { ReadinessCheck } from "../http/health.router.js";
import { TokenService } from "../services/tokens.js";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";

/** Everything a running Diwan process is made of; handed to rooms, routers and tests. */
export interface ServerParts {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  tokens: TokenService;
  /** Separate Redis connection for readiness checks and lookups (presence/driver hold their own). */
  redis: Redis | undefined;
}

export interface StartOptions {
  config: Config;
  logger?: Logger;
  /** Room types to register, by name. */
  rooms?: (parts: ServerParts) => Record<string, RegisteredHandler>;
  /** Feature routers, mounted before the 404 handler. */
  routers?: (parts: ServerParts) => Router[];
  /** Run once the database is ready and before the port opens (e.g. to wire services into rooms). */
  beforeListen?: (parts: ServerParts) => Promise<void> | void;
  /** A matchmaking request refused for its access token (before any room saw it). */
  onMatchmakeRejected?: (parts: ServerParts, rejection: { ip: string | null; reason: string }) => void;
  /** Run first during shutdown, while rooms are still alive. */
  onShutdown?: (parts: ServerParts) => Promise<void> | void;
  /** Run after every room has closed, before the database and Redis connections close. */
  onClosed?: (parts: ServerParts) => Promise<void> | void;
}

export interface DiwanServer extends ServerParts {
  colyseus: Server;
  port: number;
  /** http://127.0.0.1:port — for tests and tools. */
  url: string;
  startupMs: number;
  isShuttingDown(): boolean;
  /** Stop taking games, let rooms finish their shutdown work (bounded), close DB and Redis. Idempotent. */
  shutdown(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartupError";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StartupError(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

export async function startServer(options: StartOptions): Promise<DiwanServer> {
  const started = Date.now();
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  if (config.jwtSecretGenerated) {
    logger.warn("JWT_SECRET is not set: using a random development secret (tokens die with this process and other processes reject them)");
  }
  if (config.adminPasswordGenerated) {
    // In the message (not a field) so log redaction does not hide it; development only.
    logger.warn(`ADMIN_PASSWORD is not set: /monitor opens with user "${config.adminUsername}" and password "${config.adminPassword}" for this development run`);
  }
  const metrics = createMetrics();
  const tokens = new TokenService(config.jwtSecret);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ database: database.kind, applied, ms: Date.now() - started }, "database ready");
  } catch (err) {
    await database.close().catch(() => {});
    throw new StartupError(`database migration failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }

  let redis: Redis | undefined;
  let presence: RedisPresence | undefined;
  let driver: RedisDriver | undefined;
  if (config.redisUrl) {
    // Fail fast instead of queueing commands while Redis is away: readiness must say so.
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on("error", (err) => logger.debug({ err: err.message }, "redis (readiness connection) error"));
    try {
      await withTimeout(redis.connect(), 5000, "connecting to Redis");
    } catch (err) {
      redis.disconnect();
      await database.close().catch(() => {});
      throw new StartupError(`Redis at REDIS_URL is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
    presence = new RedisPresence(config.redisUrl);
    driver = new RedisDriver(config.redisUrl);
  }

  const parts: ServerParts = { config, logger, metrics, database, tokens, redis };
  let shuttingDown = false;
  const readiness: ReadinessCheck[] = [{ name: "database", check: () => database.ping(2000) }];
  if (redis) {
    const client = redis;
    readiness.push({
      name: "redis",
      check: async () => {
        await withTimeout(client.ping(), 2000, "redis ping");
      },
    });
  }

  // CORS and the matchmaking body cap/authentication live in one gate in front of everything.
  disableColyseusCors();
  const colyseusLogger = logger.child({ component: "colyseus" });
  const colyseus = defineServer({
    rooms: options.rooms?.(parts) ?? {},
    transport: new WebSocketTransport({ pingInterval: 10_000, pingMaxRetries: 3 }),
    presence,
    driver,
    publicAddress: config.publicAddress,
    gracefullyShutdown: false,
    greet: false,
    logger: {
      debug: (...args: unknown[]) => colyseusLogger.debug(args.map(String).join(" ")),
      info: (...args: unknown[]) => colyseusLogger.info(args.map(String).join(" ")),
      warn: (...args: unknown[]) => colyseusLogger.warn(args.map(String).join(" ")),
      error: (...args: unknown[]) => colyseusLogger.error(args.map(String).join(" ")),
    },
    express: (app) =>
      configureHttp(app, {
        logger,
        metrics,
        tokens,
        readiness,
        isShuttingDown: () => shuttingDown,
        startedAt: started,
        adminUsername: config.adminUsername,
        adminPassword: config.adminPassword,
        adminBasicFailuresPerMin: config.adminBasicFailuresPerMin,
        redis,
        metricsToken: config.metricsToken,
        routers: options.routers?.(parts) ?? [],
      }),
  });

  await options.beforeListen?.(parts);

  const cleanupAfterFailedStart = async () => {
    presence?.shutdown();
    await driver?.shutdown().catch(() => {});
    redis?.disconnect();
    await database.close().catch(() => {});
  };
  try {
    // listen() on a busy port never settles by itself: bound it.
    // A busy port surfaces as an 'error' event on the HTTP server; catch it at once.
    const httpServer = colyseus.transport.server;
    let onError: ((err: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      onError = reject;
      httpServer?.once("error", onError);
    });
    try {
      await withTimeout(
        Promise.race([colyseus.listen(config.port, config.host), failed]),
        config.listenTimeoutS * 1000,
        `listening on port ${config.port}`,
      );
    } finally {
      if (onError) httpServer?.off("error", onError);
    }
  } catch (err) {
    await cleanupAfterFailedStart();
    const code = (err as { code?: string }).code;
    if (code === "EADDRINUSE") throw new StartupError(`port ${config.port} is already in use`, { cause: err });
    throw err instanceof StartupError ? err : new StartupError(`could not listen on port ${config.port}: ${String(err)}`, { cause: err });
  }
  if (colyseus.transport.server) {
    installRequestGate(colyseus.transport.server, {
      tokens,
      corsOrigins: config.corsOrigins,
      onRejected: (rejection) => options.onMatchmakeRejected?.(parts, rejection),
    });
  }
  const address = colyseus.transport.server?.address() as AddressInfo | null;
  const port = address?.port ?? config.port;
  const startupMs = Date.now() - started;
  logger.info({ port, database: database.kind, redis: Boolean(redis), startupMs }, "diwan listening");

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      shuttingDown = true;
      logger.info("shutting down: no new rooms; letting rooms persist their games");
      try {
        await withTimeout(
          (async () => {
            await options.onShutdown?.(parts);
            await colyseus.gracefullyShutdown(false);
          })(),
          config.shutdownTimeoutS * 1000,
          "room shutdown",
        );
      } catch (err) {
        logger.error({ err }, "shutdown did not complete cleanly");
      }
      // Close the HTTP listener too (transport.shutdown closes only the WebSocket side).
      await new Promise<void>((resolve) => {
        const server = colyseus.transport.server;
        if (!server?.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      try {
        await options.onClosed?.(parts);
      } catch (err) {
        logger.error({ err }, "shutdown hook failed");
      }
      redis?.disconnect();
      await database.close().catch((err: unknown) => logger.error({ err }, "closing the database failed"));
      logger.info("shutdown complete");
    })();
    return shutdownPromise;
  };

  return {
    ...parts,
    colyseus,
    port,
    url: `http://127.0.0.1:${port}`,
    startupMs,
    isShuttingDown: () => shuttingDown,
    shutdown,
  };
}
