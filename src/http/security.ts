import type { RequestHandler } from "express";

/**
 * Security headers for a JSON API. Written out (instead of helmet) because the API serves no
 * HTML except the monitor and docs pages, which need inline scripts; those routes relax the CSP.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Resource-Policy", "same-site");
  res.setHeader("Strict-Transport-Security", "max-age=15552000; includeSubDomains");
  next();
};

/** CORS from CORS_ORIGINS: "*" or an allow-list; preflights answered here. */
export function cors(origins: "*" | string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && (origins === "*" || origins.includes(origin))) {
      res.setHeader("Access-Control-Allow-Origin", origins === "*" ? "*" : origin);
      if (origins !== "*") res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
      res.setHeader("Access-Control-Max-Age", "600");
    }
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    next();
  };
}
