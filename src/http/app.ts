import { randomUUID } from "node:crypto";
import express, { type Application, type Router } from "express";
import { pinoHttp } from "pino-http";
import { matchMaker } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import type { Logger } from "../platform/logger.js";
import type { Metrics } from "../platform/metrics.js";
import type { Redis } from "ioredis";
import { createRateLimiter } from "../services/rateLimit.js";
import type { TokenService } from "../services/tokens.js";
import { errorHandler, notFound } from "./errors.js";
import { healthRouter, type ReadinessCheck } from "./health.router.js";
import { httpMetrics, metricsRouter } from "./metrics.router.js";
import { limitBasicFailures, requireAdmin } from "./auth.middleware.js";
import { securityHeaders } from "./security.js";
import { refuseNul } from "./validation.js";
import { webRouter } from "./web.router.js";

export interface HttpDeps {
  logger: Logger;
  metrics: Metrics;
  tokens: TokenService;
  readiness: ReadinessCheck[];
  isShuttingDown(): boolean;
  startedAt: number;
  adminUsername: string;
  adminPassword: string | undefined;
  /** Wrong HTTP Basic admin logins allowed per IP per minute. */
  adminBasicFailuresPerMin: number;
  /** Shares the failure counts between processes when set. */
  redis?: Redis | undefined;
  /** Optional bearer token that /metrics requires (unset: open, keep it off the public internet). */
  metricsToken: string | undefined;
  /** Feature routers mounted at the root by the server assembly (auth, stats, matches, rooms…). */
  routers: Router[];
}

/** Configures the Express app that shares the game server's port. */
export function configureHttp(app: Application, deps: HttpDeps): void {
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // Health probes and scrapes would drown real traffic in the logs.
      autoLogging: { ignore: (req) => req.url === "/health" || req.url === "/ready" || req.url === "/metrics" },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(securityHeaders);
  app.use(httpMetrics(deps.metrics));
  app.use(express.json({ limit: "64kb" }));
  app.use(refuseNul);
  const admin = { adminUsername: deps.adminUsername, adminPassword: deps.adminPassword };
  const basicFailures = createRateLimiter({ name: "admin-basic-ip", windowMs: 60_000, max: deps.adminBasicFailuresPerMin, redis: deps.redis });
  app.use(limitBasicFailures({ ...admin, limiter: basicFailures, max: deps.adminBasicFailuresPerMin }));

  app.use(
    healthRouter({
      checks: deps.readiness,
      isShuttingDown: deps.isShuttingDown,
      startedAt: deps.startedAt,
      processId: () => matchMaker.processId,
    }),
  );
  if (deps.metricsToken) {
    const expected = `Bearer ${deps.metricsToken}`;
    app.use("/metrics", (req, res, next) => {
      if (req.headers.authorization === expected) return next();
      res.status(401).json({ error: { code: "AUTH_REQUIRED", message: "metrics token required" } });
    });
  }
  app.use(metricsRouter(deps.metrics));
  app.use(
    "/monitor",
    requireAdmin({ tokens: deps.tokens, ...admin }),
    monitor(),
  );
  for (const router of deps.routers) app.use(router);
  // The web client comes after every API route, so its fallback never shadows one.
  app.use(webRouter());

  app.use(notFound);
  app.use(errorHandler);
}
