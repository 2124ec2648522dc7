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

// CORS is decided for the whole port in requestGate.ts (Colyseus answers part of the port itself).
