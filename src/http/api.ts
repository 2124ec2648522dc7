import type { Router } from "express";
import type { ServerParts } from "../platform/server.js";
import { AccountService } from "../services/accounts.js";
import { AuditLog } from "../services/audit.js";
import type { MatchStore } from "../services/matchStore.js";
import { createRateLimiter, createSlotScheduler, createTableCreationLimiter } from "../services/rateLimit.js";
import { SessionService } from "../services/sessions.js";
import { TableRegistry } from "../services/tableRegistry.js";
import { TokenChecks } from "../services/tokenChecks.js";
import { authenticate, requireAdmin } from "./auth.middleware.js";
import { authRouter } from "./auth.router.js";
import { baseballRouter } from "./baseball.router.js";
import { docsRouter } from "./docs.router.js";
import { decksRouter } from "./decks.router.js";
import { fairnessRouter } from "./fairness.router.js";
import { gamesRouter } from "./games.router.js";
import { authenticateOrService, requireAdminOrService } from "./guards.js";
import { managedTablesRouter } from "./managedTables.router.js";
import { matchesRouter } from "./matches.router.js";
import { processesRouter } from "./processes.router.js";
import { statsRouter } from "./stats.router.js";
import { usageRouter } from "./usage.router.js";

/** The player-facing REST API (issue 5): accounts, stats, history, docs. Built from the server's parts. */
export function apiRouters(
  parts: Pick<ServerParts, "config" | "database" | "tokens" | "redis" | "logger">,
  /** This process's match store, once made (its live matches answer box scores before their rows are stored). */
  matchStore?: () => MatchStore | undefined,
): Router[] {
  const { config, tokens, redis } = parts;
  const db = parts.database.db;
  const audit = new AuditLog(db, parts.logger);
  const tables = new TableRegistry(db);
  // Every access-token verification in this process (routes and room joins, which share
  // `tokens`) from now on also checks the account's token version and that the login is live.
  const checks = new TokenChecks(db, config.tokenCheckCacheMs);
  tokens.useSessionCheck(checks.check);
  const accounts = new AccountService(db, (userId) => checks.forgetUser(userId));
  const sessions = new SessionService(db, config.refreshTokenTtlDays, config.refreshGraceS, (familyId) => checks.forgetSession(familyId));
  const perIp = (name: string) => createRateLimiter({ name, windowMs: 60_000, max: config.authRateLimitPerIp, redis });
  const quarterHour = 15 * 60_000;
  const limiters = {
    loginPerIp: perIp("login-ip"),
    signupPerIp: perIp("signup-ip"),
    guestPerIp: perIp("guest-ip"),
    // The failure counters are read with peek() and decide themselves; their max only bounds take().
    loginFailuresPerAccount: createRateLimiter({ name: "login-fail-account", windowMs: quarterHour, max: config.authRateLimitPerAccount, redis }),
    loginFailuresPerAccountIp: createRateLimiter({ name: "login-fail-account-ip", windowMs: quarterHour, max: config.authFailuresPerAccountIp, redis }),
    loginSlots: createSlotScheduler({ name: "login", spacingMs: config.loginSlowdownMs, redis }),
    signupPerAccount: createRateLimiter({ name: "signup-account", windowMs: quarterHour, max: config.authRateLimitPerAccount, redis }),
    refreshPerIp: createRateLimiter({ name: "refresh-ip", windowMs: 60_000, max: config.refreshRateLimitPerMin, redis }),
  };
  const user = authenticate(tokens);
  const admin = requireAdmin({ tokens, adminUsername: config.adminUsername, adminPassword: config.adminPassword });
  return [
    docsRouter(),
    authRouter({
      accounts,
      sessions,
      tokens,
      limiters,
      audit,
      accessTtlS: config.accessTokenTtlS,
      login: { failuresPerAccount: config.authRateLimitPerAccount, failuresPerAccountIp: config.authFailuresPerAccountIp, maxWaitMs: config.loginMaxWaitMs },
    }),
    statsRouter({
      db,
      accounts,
      user,
      userOrService: authenticateOrService(tokens, config.serviceToken),
      admin,
      audit,
      adminOrService: requireAdminOrService(tokens, config.serviceToken),
    }),
    matchesRouter({ db, user, tables, matchStore }),
    fairnessRouter({ db, admin }),
    baseballRouter({ db }),
    decksRouter({ db, user }),
    gamesRouter({ db, user }),
    // Tables as managed servers (issue 12): /tables/mine before /tables/:id (mounted in that order).
    managedTablesRouter({ db, tables, audit, user, admin, creationLimiter: createTableCreationLimiter(config, redis) }),
    usageRouter({ db, tables, user, admin }),
    processesRouter({ admin, audit }),
  ];
}
