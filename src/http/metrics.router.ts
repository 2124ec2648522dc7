import { Router, type RequestHandler } from "express";
import type { Metrics } from "../platform/metrics.js";
import { nameRequestSpan } from "../platform/tracing.js";

/** Records every request's duration by matched route (not raw path, to keep label cardinality low). */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on("finish", () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      const route = routePath ? `${req.baseUrl}${routePath}` : res.statusCode === 404 ? "unmatched" : req.baseUrl || "other";
      end({ route, status: String(res.statusCode) });
      nameRequestSpan(req, req.method, route);
    });
    next();
  };
}

export function metricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
