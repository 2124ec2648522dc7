import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { RateLimiter } from "../services/rateLimit.js";
import { TokenError, type AccessClaims, type TokenService } from "../services/tokens.js";
import { HttpError } from "./errors.js";

declare module "express-serve-static-core" {
  interface Request {
    /** Set by `authenticate` when the request carried a valid access token. */
    user?: AccessClaims;
  }
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so lengths match and the comparison time says nothing about the secret.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(" ", 2);
  return scheme?.toLowerCase() === "bearer" && value ? value : undefined;
}

/** Requires a valid access token; puts its claims on req.user. */
export function authenticate(tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    try {
      req.user = await tokens.verifyAccessToken(bearerToken(req));
      next();
    } catch (err) {
      if (err instanceof TokenError) next(new HttpError(401, err.code, err.message, { "WWW-Authenticate": "Bearer" }));
      else next(err);
    }
  };
}

export interface AdminAuthOptions {
  tokens: TokenService;
  adminUsername: string;
  /** Unset: Basic credentials are refused and only admin access tokens open admin routes. */
  adminPassword: string | undefined;
}

const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm="diwan-admin", charset="UTF-8"' };

/** undefined: no Basic header; otherwise whether the credentials are ADMIN_USERNAME / ADMIN_PASSWORD. */
export function checkBasicCredentials(req: Request, options: Omit<AdminAuthOptions, "tokens">): boolean | undefined {
  const header = req.headers.authorization ?? "";
  if (!header.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const sep = decoded.indexOf(":");
  const user = sep >= 0 ? decoded.slice(0, sep) : decoded;
  const pass = sep >= 0 ? decoded.slice(sep + 1) : "";
  return options.adminPassword !== undefined && sameSecret(user, options.adminUsername) && sameSecret(pass, options.adminPassword);
}

/**
 * App-wide, before every admin route (monitor, /rooms, /admin/*): an address that sent
 * `limiter.max` wrong Basic credentials within the window is refused (429) until it ends,
 * even with the right ones, so the admin password cannot be guessed at speed.
 */
export function limitBasicFailures(options: Omit<AdminAuthOptions, "tokens"> & { limiter: RateLimiter; max: number }): RequestHandler {
  return async (req, _res, next) => {
    try {
      if (checkBasicCredentials(req, options) === undefined) return next();
      const ip = req.ip ?? "unknown";
      if ((await options.limiter.peek(ip)) >= options.max) {
        return next(new HttpError(429, "RATE_LIMITED", "too many failed admin logins from this address; try again in a minute", { "Retry-After": "60" }));
      }
      if (checkBasicCredentials(req, options) === false) await options.limiter.take(ip);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Admin-only routes (monitor, room administration): an admin access token, or HTTP Basic with
 * ADMIN_USERNAME / ADMIN_PASSWORD so a browser can open the monitor page.
 */
export function requireAdmin(options: AdminAuthOptions): RequestHandler {
  return async (req, _res, next) => {
    try {
      const basic = checkBasicCredentials(req, options);
      if (basic !== undefined) {
        if (!basic) return next(new HttpError(401, "BAD_CREDENTIALS", "admin credentials are not valid", BASIC_CHALLENGE));
        req.user = { sub: `admin:${options.adminUsername}`, name: options.adminUsername, role: "admin", guest: false };
        return next();
      }
      const token = bearerToken(req);
      if (!token) return next(new HttpError(401, "AUTH_REQUIRED", "admin authentication is required", BASIC_CHALLENGE));
      const claims = await options.tokens.verifyAccessToken(token);
      if (claims.role !== "admin") return next(new HttpError(403, "FORBIDDEN", "admin role required"));
      req.user = claims;
      next();
    } catch (err) {
      if (err instanceof TokenError) next(new HttpError(401, err.code, err.message, BASIC_CHALLENGE));
      else next(err);
    }
  };
}
