import type { AddressInfo } from "node:net";
import { debugError, defineServer, matchMaker, ServerError, type RegisteredHandler, type Server } from "@colyseus/core";
import type { Router } from "express";
import type { Redis } from "ioredis";
import { databaseOptionsFrom, migrateToLatest, openDatabase, type DatabaseHandle } from "../db/database.js";
import { configureHttp } from "../http/app.js";
import { disableColyseusCors, installRequestGate } from "../http/requestGate.js";
import type { ReadinessCheck } from "../http/health.router.js";
import { TokenService } from "../services/tokens.js";
import type { Config } from "./config.js";
import { SpreadPingTransport } from "./keepAlive.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { instrumentMatchmaking } from "./matchmakingTelemetry.js";
import { skipPm2MetricsOutsidePm2 } from "./pm2Metrics.js";
import { installOtlpTracing, tracingEnabled, type TracingHandle } from "./tracing.js";
import { RedisState } from "./redis.js";

/** Everything a running Diwan process is made of; handed to rooms, routers and tests. */
export interface ServerParts {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  tokens: TokenService;
  /** Separate Redis connection for readiness checks and lookups (presence/driver hold their own); fails fast while Redis is away. */
  redis: Redis | undefined;
  /** All Redis connections and whether Redis is reachable (undefined without REDIS_URL). */
  redisState: RedisState | undefined;
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
  /** Which process a new room goes to (default: Colyseus's, the one with the fewest rooms). */
  selectProcessIdToCreateRoom?: matchMaker.SelectProcessIdCallback;
  /** More `/ready` checks (e.g. draining). */
  readiness?: ReadinessCheck[];
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

/** Something did not finish in time (start-up, shutdown, a check). */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, error: (message: string) => Error = (m) => new StartupError(m)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

/** Matchmaking while Redis is away would hang and then fail obscurely: answer 503 at once. */
function guardMatchmaking(redis: RedisState): void {
  const controller = matchMaker.controller as {
    invokeMethod(method: string, roomName: string, clientOptions?: unknown, authOptions?: unknown): Promise<unknown>;
  };
  const original = controller.invokeMethod.bind(controller);
  controller.invokeMethod = async (method, roomName, clientOptions, authOptions) => {
    if (!redis.isUp) throw new ServerError(503, "REDIS_UNAVAILABLE: matchmaking is unavailable while Redis is unreachable; retry in a few seconds");
    return original(method, roomName, clientOptions, authOptions);
  };
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
  // Before Colyseus starts (it loads @pm2/io then): no PM2 metric timers outside PM2.
  skipPm2MetricsOutsidePm2(config.underPm2);
  const tokens = new TokenService(config.jwtSecret);
  // Tracing over OTLP when configured (a test may have installed its own exporter instead).
  let tracing: TracingHandle | undefined;
  if (config.otlpEndpoint && !tracingEnabled()) {
    tracing = installOtlpTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName, sampleRatio: config.otelSampleRatio });
    logger.info({ endpoint: config.otlpEndpoint, sampleRatio: config.otelSampleRatio }, "tracing on: spans exported over OTLP/HTTP");
  }

  let database: DatabaseHandle;
  try {
    database = await openDatabase({ ...databaseOptionsFrom(config), metrics });
  } catch (err) {
    await tracing?.shutdown();
    // E.g. DataDirLockedError: the message names the process holding the folder.
    throw new StartupError(`cannot open the database: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  try {
    const applied = await migrateToLatest(database.db);
    logger.info({ database: database.kind, applied, ms: Date.now() - started }, "database ready");
  } catch (err) {
    await database.close().catch(() => {});
    await tracing?.shutdown();
    throw new StartupError(`database migration failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }

  let redisState: RedisState | undefined;
  if (config.redisUrl) {
    redisState = new RedisState(config.redisUrl, logger.child({ component: "redis" }));
    try {
      await redisState.ready(5000);
    } catch (err) {
      await redisState.close();
      await database.close().catch(() => {});
      await tracing?.shutdown();
      throw new StartupError(`Redis at REDIS_URL is unreachable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const redis = redisState?.commands;
  const presence = redisState?.presence;
  const driver = redisState?.driver;

  const parts: ServerParts = { config, logger, metrics, database, tokens, redis, redisState };
  let shuttingDown = false;
  const readiness: ReadinessCheck[] = [{ name: "database", check: () => database.ping(2000) }, ...(options.readiness ?? [])];
  if (redisState) {
    const state = redisState;
    readiness.push({
      name: "redis",
      check: async () => {
        if (!state.isUp) throw new Error(`redis unreachable: ${state.reason}`);
        await withTimeout(state.commands.ping(), 2000, "redis ping", (m) => new TimeoutError(m));
      },
    });
    guardMatchmaking(state);
  }
  instrumentMatchmaking(metrics);

  // CORS and the matchmaking body cap/authentication live in one gate in front of everything.
  disableColyseusCors();
  const colyseusLogger = logger.child({ component: "colyseus" });
  // Colyseus prints every error it also logs through our logger a second time, as a raw stack on
  // stderr ("colyseus:errors"): keep that copy at debug level in the structured log.
  debugError.log = (...args: unknown[]) => colyseusLogger.debug(args.map(String).join(" "));
  const colyseus = defineServer({
    rooms: options.rooms?.(parts) ?? {},
    // Keep-alive: a connection that has not answered the previous ping by the next one (20 s
    // later) is closed, so a silently dead connection is found in 20–40 s (it was 30–40 s with
    // 10 s × 3) with half the pings: each is a socket write, the largest periodic cost left
    // for idle tables (issue 10). The pings are spread over the 20 s (keepAlive.ts): one pass
    // over 5,000 connections held the event loop for up to 1.5 s.
    transport: new SpreadPingTransport({ pingInterval: 20_000, pingMaxRetries: 1 }),
    presence,
    driver,
    publicAddress: config.publicAddress,
    ...(options.selectProcessIdToCreateRoom ? { selectProcessIdToCreateRoom: options.selectProcessIdToCreateRoom } : {}),
    gracefullyShutdown: false,
    greet: false,
    logger: {
      debug: (...args: unknown[]) => colyseusLogger.debug(args.map(String).join(" ")),
      info: (...args: unknown[]) => colyseusLogger.info(args.map(String).join(" ")),
      // Connection errors repeat every reconnect attempt: RedisState logs the state changes instead.
      warn: (...args: unknown[]) => {
        const line = args.map(String).join(" ");
        if (!/^RedisPresence: (sub|pub) connection error/.test(line)) colyseusLogger.warn(line);
      },
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

  const cleanupAfterFailedStart = async () => {
    presence?.shutdown();
    await redisState?.close();
    await database.close().catch(() => {});
    await tracing?.shutdown();
  };
  try {
    await options.beforeListen?.(parts);
  } catch (err) {
    await cleanupAfterFailedStart();
    throw err instanceof StartupError ? err : new StartupError(`start-up failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }

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
          (m) => new TimeoutError(m),
        );
      } catch (err) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, "room shutdown did not complete in time; what the database did not get stays in the journal");
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
      await redisState?.close();
      await database.close().catch((err: unknown) => logger.error({ err }, "closing the database failed"));
      await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, "flushing the last spans failed"));
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
