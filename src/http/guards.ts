import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { TokenError, type TokenService } from "../services/tokens.js";
import { bearerToken } from "./auth.middleware.js";
import { HttpError } from "./errors.js";

const sameHash = (token: string, expected: Buffer | undefined): boolean =>
  expected !== undefined && timingSafeEqual(createHash("sha256").update(token).digest(), expected);

/** Any signed-in user, or the trusted service (acting as { sub: "service", role: "admin" }). */
export function authenticateOrService(tokens: TokenService, serviceToken: string | undefined): RequestHandler {
  const expected = serviceToken ? createHash("sha256").update(serviceToken).digest() : undefined;
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (token && sameHash(token, expected)) {
      req.user = { sub: "service", name: "service", role: "admin", guest: false };
      return next();
    }
    try {
      req.user = await tokens.verifyAccessToken(token);
      next();
    } catch (err) {
      if (err instanceof TokenError) next(new HttpError(401, err.code, err.message, { "WWW-Authenticate": "Bearer" }));
      else next(err);
    }
  };
}

/**
 * Admin JWT, or the SERVICE_TOKEN of a trusted service (e.g. the Baloot app's backend reporting
 * offline results). The service acts with req.user = { sub: "service", role: "admin" }.
 */
export function requireAdminOrService(tokens: TokenService, serviceToken: string | undefined): RequestHandler {
  const expected = serviceToken ? createHash("sha256").update(serviceToken).digest() : undefined;
  return async (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError(401, "AUTH_REQUIRED", "an admin access token or the service token is required", { "WWW-Authenticate": "Bearer" }));
    if (sameHash(token, expected)) {
      req.user = { sub: "service", name: "service", role: "admin", guest: false };
      return next();
    }
    try {
      const claims = await tokens.verifyAccessToken(token);
      if (claims.role !== "admin") return next(new HttpError(403, "FORBIDDEN", "admin role or service token required"));
      req.user = claims;
      next();
    } catch (err) {
      if (err instanceof TokenError) next(new HttpError(401, err.code, err.message, { "WWW-Authenticate": "Bearer" }));
      else next(err);
    }
  };
}
