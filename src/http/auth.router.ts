import { Router } from "express";
import { z } from "zod";
import { AccountError, toPublicUser, type AccountService } from "../services/accounts.js";
import type { AuditLog } from "../services/audit.js";
import type { RateLimiter, SlotScheduler } from "../services/rateLimit.js";
import { RefreshError, type SessionService } from "../services/sessions.js";
import type { TokenService } from "../services/tokens.js";
import type { UserRow } from "../db/tables.js";
import { authenticate } from "./auth.middleware.js";
import { errorBody, isoDate, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";
import { enforceLimit } from "./rateLimit.middleware.js";
import { displayText, plainText } from "./validation.js";

/** Accounts over HTTP: sign-up, login, guests, refresh rotation, logout, /me. */

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const password = plainText(128).pipe(z.string().min(8));
const name = displayText(50);

const signupBody = z.object({ email, password, firstName: name, lastName: name });
const loginBody = z.object({ email, password: plainText(128).pipe(z.string().min(1)) });
const guestBody = z
  .object({ displayName: displayText(30).optional() })
  .describe("Optional: the body may be omitted entirely; without displayName the guest is called \"Guest NNNN\".");
const refreshBody = z.object({ refreshToken: plainText(200).pipe(z.string().min(10)) });

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    displayName: z.string(),
    role: z.enum(["player", "admin"]),
    guest: z.boolean(),
    leaguePoints: z.number().int(),
    createdAt: isoDate,
  })
  .meta({ id: "User" });

const session = z
  .object({
    accessToken: z.string().describe("Short-lived JWT for HTTP (Authorization: Bearer) and for joining rooms"),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().describe("Access token lifetime in seconds"),
    refreshToken: z.string().describe("Opaque; single use: every refresh returns a new one"),
    user: userSchema,
  })
  .meta({ id: "Session" });

export const authRoutes = {
  signup: route({
    method: "post",
    path: "/auth/signup",
    tag: "auth",
    summary: "Create an account",
    description: "E-mail is trimmed and lower-cased. Every account starts as a player (no role comes from an address).",
    access: "public",
    body: signupBody,
    rateLimited: true,
    responses: {
      201: { description: "Account created, signed in", schema: session },
      409: { description: "EMAIL_TAKEN", schema: errorBody },
    },
  }),
  login: route({
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Sign in with e-mail and password",
    description:
      "Failures are counted per account and address: an address that failed AUTH_FAILURES_PER_ACCOUNT_IP times on an account is refused for it (429); once an account has AUTH_RATE_LIMIT_PER_ACCOUNT failures, every attempt on it waits its turn (LOGIN_SLOWDOWN_MS apart) but an address with no failures is never refused.",
    access: "public",
    body: loginBody,
    rateLimited: true,
    responses: {
      200: { description: "Signed in", schema: session },
      401: { description: "BAD_CREDENTIALS (never says which part was wrong)", schema: errorBody },
    },
  }),
  guest: route({
    method: "post",
    path: "/auth/guest",
    tag: "auth",
    summary: "Play as a guest",
    description: "The body is optional. A guest can later become a full account with POST /auth/upgrade, keeping its matches (its guest tokens stop working).",
    access: "public",
    body: guestBody,
    rateLimited: true,
    responses: { 201: { description: "Guest identity created", schema: session } },
  }),
  upgrade: route({
    method: "post",
    path: "/auth/upgrade",
    tag: "auth",
    summary: "Turn the signed-in guest into a full account",
    access: "user",
    body: signupBody,
    rateLimited: true,
    responses: {
      200: { description: "Upgraded; same user id, new tokens", schema: session },
      409: { description: "EMAIL_TAKEN or NOT_A_GUEST", schema: errorBody },
    },
  }),
  refresh: route({
    method: "post",
    path: "/auth/refresh",
    tag: "auth",
    summary: "Exchange a refresh token for new tokens (rotation)",
    description:
      "The same refresh token presented again within REFRESH_GRACE_S (a retry) gets the same new pair; presented later it revokes every token of that login. Limited to REFRESH_RATE_LIMIT_PER_MIN calls per IP per minute.",
    access: "public",
    body: refreshBody,
    rateLimited: true,
    responses: {
      200: { description: "New access and refresh tokens", schema: session },
      401: { description: "TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED or TOKEN_REUSED", schema: errorBody },
    },
  }),
  logout: route({
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "Revoke a refresh token and every token rotated from the same login",
    description: "Access tokens of that login stop working within 5 s on every route and room join.",
    access: "public",
    body: refreshBody,
    responses: { 204: { description: "Logged out (also for unknown tokens)" } },
  }),
  me: route({
    method: "get",
    path: "/me",
    tag: "auth",
    summary: "The signed-in user",
    access: "user",
    responses: {
      200: { description: "Current user", schema: userSchema },
      404: { description: "USER_NOT_FOUND (account deleted)", schema: errorBody },
    },
  }),
};

export interface AuthLimiters {
  /** Every login attempt per IP (all accounts). */
  loginPerIp: RateLimiter;
  /** Failed logins per account from all addresses: past its max, attempts on the account are slowed. */
  loginFailuresPerAccount: RateLimiter;
  /** Failed logins per (account, address): past its max, that address is refused for that account. */
  loginFailuresPerAccountIp: RateLimiter;
  /** Spaces the attempts on an account under attack. */
  loginSlots: SlotScheduler;
  refreshPerIp: RateLimiter;
  signupPerIp: RateLimiter;
  /** Sign-up and upgrade attempts per e-mail address (stops hammering one address). */
  signupPerAccount: RateLimiter;
  guestPerIp: RateLimiter;
}

export interface AuthRouterDeps {
  accounts: AccountService;
  sessions: SessionService;
  tokens: TokenService;
  limiters: AuthLimiters;
  /** Security events: refresh token reuse. */
  audit?: AuditLog;
  accessTtlS: number;
  login: {
    failuresPerAccount: number;
    failuresPerAccountIp: number;
    maxWaitMs: number;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function accountHttpError(err: unknown): unknown {
  if (!(err instanceof AccountError)) return err;
  const status = err.code === "BAD_CREDENTIALS" ? 401 : err.code === "USER_NOT_FOUND" ? 404 : err.code === "OWN_ROLE" ? 403 : 409;
  return new HttpError(status, err.code, err.message);
}

export function authRouter(deps: AuthRouterDeps): Router {
  const router = Router();
  const { accounts, sessions, tokens, limiters } = deps;
  const user = authenticate(tokens);

  const accessTokenFor = (u: UserRow, familyId: string) =>
    tokens.signAccessToken({ sub: u.id, name: u.display_name, role: u.role, guest: u.is_guest, ver: u.token_version, sid: familyId }, deps.accessTtlS);
  const sessionFor = async (u: UserRow) => {
    const { token, familyId } = await sessions.issue(u.id);
    return { accessToken: await accessTokenFor(u, familyId), tokenType: "Bearer" as const, expiresIn: deps.accessTtlS, refreshToken: token, user: toPublicUser(u) };
  };
  const ipOf = (ip: string | undefined) => ip ?? "unknown";

  mount(router, authRoutes.signup, [], async ({ body }, req) => {
    await enforceLimit(limiters.signupPerIp, ipOf(req.ip), "sign-ups from this address");
    await enforceLimit(limiters.signupPerAccount, body.email, "sign-up attempts for this e-mail");
    const u = await accounts.signup(body).catch((err: unknown) => Promise.reject(accountHttpError(err)));
    return { status: 201, body: await sessionFor(u) };
  });

  mount(router, authRoutes.login, [], async ({ body }, req) => {
    const ip = ipOf(req.ip);
    await enforceLimit(limiters.loginPerIp, ip, "login attempts from this address");
    // Strangers cannot lock the owner out: only the addresses that failed are refused.
    const pairKey = `${body.email}|${ip}`;
    const pairFailures = await limiters.loginFailuresPerAccountIp.peek(pairKey);
    if (pairFailures >= deps.login.failuresPerAccountIp) {
      throw new HttpError(429, "RATE_LIMITED", "too many failed logins for this account from this address; try again later", { "Retry-After": "900" });
    }
    // An account under attack: every attempt waits for its slot, so guesses stay slow however
    // many addresses send them; an address with no failures still gets in, only later.
    if ((await limiters.loginFailuresPerAccount.peek(body.email)) >= deps.login.failuresPerAccount) {
      const wait = await limiters.loginSlots.reserve(body.email);
      if (wait > deps.login.maxWaitMs && pairFailures > 0) {
        const retry = Math.ceil(wait / 1000);
        throw new HttpError(429, "RATE_LIMITED", `this account is receiving many failed logins; try again in ${retry} s`, { "Retry-After": String(retry) });
      }
      await sleep(Math.min(wait, deps.login.maxWaitMs));
    }
    let u: UserRow;
    try {
      u = await accounts.login(body.email, body.password);
    } catch (err) {
      if (err instanceof AccountError && err.code === "BAD_CREDENTIALS") {
        await limiters.loginFailuresPerAccountIp.take(pairKey);
        await limiters.loginFailuresPerAccount.take(body.email);
      }
      throw accountHttpError(err);
    }
    await limiters.loginFailuresPerAccountIp.reset(pairKey);
    return { status: 200, body: await sessionFor(u) };
  });

  mount(router, authRoutes.guest, [], async ({ body }, req) => {
    await enforceLimit(limiters.guestPerIp, ipOf(req.ip), "guest accounts from this address");
    const u = await accounts.createGuest(body.displayName);
    return { status: 201, body: await sessionFor(u) };
  });

  mount(router, authRoutes.upgrade, [user], async ({ body }, req) => {
    await enforceLimit(limiters.signupPerIp, ipOf(req.ip), "sign-ups from this address");
    await enforceLimit(limiters.signupPerAccount, body.email, "sign-up attempts for this e-mail");
    const u = await accounts.upgradeGuest(req.user!.sub, body).catch((err: unknown) => Promise.reject(accountHttpError(err)));
    // Guest sessions end: the new tokens carry guest=false.
    await sessions.revokeAllForUser(u.id);
    return { status: 200, body: await sessionFor(u) };
  });

  mount(router, authRoutes.refresh, [], async ({ body }, req) => {
    await enforceLimit(limiters.refreshPerIp, ipOf(req.ip), "token refreshes from this address");
    try {
      // Claims are read fresh inside the rotation, so a role change shows in the new token.
      const r = await sessions.rotate(body.refreshToken, async (userId, familyId, db) => {
        const u = await accounts.findById(userId, db);
        if (!u) throw new RefreshError("TOKEN_INVALID", "refresh token is not valid");
        return accessTokenFor(u, familyId);
      });
      const u = await accounts.findById(r.userId);
      if (!u) throw new RefreshError("TOKEN_INVALID", "refresh token is not valid");
      return {
        status: 200,
        body: { accessToken: r.accessToken, tokenType: "Bearer" as const, expiresIn: deps.accessTtlS, refreshToken: r.refreshToken, user: toPublicUser(u) },
      };
    } catch (err) {
      if (err instanceof RefreshError) {
        if (err.code === "TOKEN_REUSED") deps.audit?.record({ kind: "refresh_token_reused", ip: req.ip ?? null });
        throw new HttpError(401, err.code, err.message, { "WWW-Authenticate": "Bearer" });
      }
      throw err;
    }
  });

  mount(router, authRoutes.logout, [], async ({ body }) => {
    await sessions.revoke(body.refreshToken);
    return { status: 204 };
  });

  mount(router, authRoutes.me, [user], async (_input, req) => {
    const u = await accounts.findById(req.user!.sub);
    if (!u) throw new HttpError(404, "USER_NOT_FOUND", "user not found");
    return { status: 200, body: toPublicUser(u) };
  });

  return router;
}
