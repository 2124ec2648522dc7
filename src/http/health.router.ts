import { Router } from "express";

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/**
 * GET /health: the process is alive (no dependency is touched).
 * GET /ready: the process can serve games: every dependency answers and it is not shutting down.
 */
export function healthRouter(deps: {
  checks: ReadinessCheck[];
  isShuttingDown(): boolean;
  startedAt: number;
  /** Colyseus process id, so operators (and tests) can tell which process answered. */
  processId(): string;
}): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      pid: process.pid,
      processId: deps.processId(),
    });
  });
  router.get("/ready", async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: "shutting_down", checks: {} });
      return;
    }
    const results = await Promise.all(
      deps.checks.map(async (c) => {
        try {
          await c.check();
          return [c.name, { ok: true }] as const;
        } catch (err) {
          return [c.name, { ok: false, error: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const failed = results.filter(([, r]) => !r.ok).map(([name]) => name);
    res.status(failed.length ? 503 : 200).json({ status: failed.length ? "unavailable" : "ready", failed, checks });
  });
  return router;
}
