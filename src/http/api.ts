import type { Router } from "express";
import type { ServerParts } from "../platform/server.js";
import { AccountService } from "../services/accounts.js";
import { AuditLog } from "../services/audit.js";
import { createRateLimiter } from "../services/rateLimit.js";
import { SessionService } from "../services/sessions.js";
import { authenticate, requireAdmin } from "./auth.middleware.js";
import { authRouter } from "./auth.router.js";
import { docsRouter } from "./docs.router.js";
import { requireAdminOrService } from "./guards.js";
import { matchesRouter } from "./matches.router.js";
import { statsRouter } from "./stats.router.js";

/** The player-facing REST API (issue 5): accounts, stats, history, docs. Built from the server's parts. */
export function apiRouters(parts: Pick<ServerParts, "config" | "database" | "tokens" | "redis" | "logger">): Router[] {
  const { config, tokens, redis } = parts;
  const db = parts.database.db;
  const audit = new AuditLog(db, parts.logger);
  const accounts = new AccountService(db, config.adminEmails);
  const sessions = new SessionService(db, config.refreshTokenTtlDays);
  const perIp = (name: string) => createRateLimiter({ name, windowMs: 60_000, max: config.authRateLimitPerIp, redis });
  const limiters = {
    loginPerIp: perIp("login-ip"),
    signupPerIp: perIp("signup-ip"),
    guestPerIp: perIp("guest-ip"),
    loginPerAccount: createRateLimiter({ name: "login-account", windowMs: 15 * 60_000, max: config.authRateLimitPerAccount, redis }),
    signupPerAccount: createRateLimiter({ name: "signup-account", windowMs: 15 * 60_000, max: config.authRateLimitPerAccount, redis }),
  };
  const user = authenticate(tokens);
  const admin = requireAdmin({ tokens, adminUsername: config.adminUsername, adminPassword: config.adminPassword });
  return [
    docsRouter(),
    authRouter({ accounts, sessions, tokens, limiters, audit, accessTtlS: config.accessTokenTtlS }),
    statsRouter({ db, accounts, user, admin, audit, adminOrService: requireAdminOrService(tokens, config.serviceToken) }),
    matchesRouter({ db, user }),
  ];
}
