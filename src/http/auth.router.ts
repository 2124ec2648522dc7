import { Router } from "express";
import { z } from "zod";
import { AccountError, toPublicUser, type AccountService } from "../services/accounts.js";
import type { AuditLog } from "../services/audit.js";
import type { RateLimiter } from "../services/rateLimit.js";
import { RefreshError, type SessionService } from "../services/sessions.js";
import type { TokenService } from "../services/tokens.js";
import type { UserRow } from "../db/tables.js";
import { authenticate } from "./auth.middleware.js";
import { errorBody, isoDate, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";
import { enforceLimit } from "./rateLimit.middleware.js";

/** Accounts over HTTP: sign-up, login, guests, refresh rotation, logout, /me. */

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const password = z.string().min(8).max(128);
const name = z.string().trim().min(1).max(50);

const signupBody = z.object({ email, password, firstName: name, lastName: name });
const loginBody = z.object({ email, password: z.string().min(1).max(128) });
const guestBody = z.object({ displayName: z.string().trim().min(1).max(30).optional() });
const refreshBody = z.object({ refreshToken: z.string().min(10).max(200) });

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
    description: "E-mail is trimmed and lower-cased. Addresses in ADMIN_EMAILS become admins.",
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
    description: "A guest can later become a full account with POST /auth/upgrade, keeping its matches.",
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
    description: "Presenting an already-used refresh token revokes every token of that login.",
    access: "public",
    body: refreshBody,
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
  loginPerIp: RateLimiter;
  loginPerAccount: RateLimiter;
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
}

function accountHttpError(err: unknown): unknown {
  if (!(err instanceof AccountError)) return err;
  const status = err.code === "BAD_CREDENTIALS" ? 401 : err.code === "USER_NOT_FOUND" ? 404 : 409;
  return new HttpError(status, err.code, err.message);
}

export function authRouter(deps: AuthRouterDeps): Router {
  const router = Router();
  const { accounts, sessions, tokens, limiters } = deps;
  const user = authenticate(tokens);

  const sessionFor = async (u: UserRow, refreshToken?: string) => ({
    accessToken: await tokens.signAccessToken({ sub: u.id, name: u.display_name, role: u.role, guest: u.is_guest }, deps.accessTtlS),
    tokenType: "Bearer" as const,
    expiresIn: deps.accessTtlS,
    refreshToken: refreshToken ?? (await sessions.issue(u.id)),
    user: toPublicUser(u),
  });
  const ipOf = (ip: string | undefined) => ip ?? "unknown";

  mount(router, authRoutes.signup, [], async ({ body }, req) => {
    await enforceLimit(limiters.signupPerIp, ipOf(req.ip), "sign-ups from this address");
    await enforceLimit(limiters.signupPerAccount, body.email, "sign-up attempts for this e-mail");
    const u = await accounts.signup(body).catch((err: unknown) => Promise.reject(accountHttpError(err)));
    return { status: 201, body: await sessionFor(u) };
  });

  mount(router, authRoutes.login, [], async ({ body }, req) => {
    await enforceLimit(limiters.loginPerIp, ipOf(req.ip), "login attempts from this address");
    await enforceLimit(limiters.loginPerAccount, body.email, "login attempts for this account");
    const u = await accounts.login(body.email, body.password).catch((err: unknown) => Promise.reject(accountHttpError(err)));
    // Only failures should lock an account: a correct password clears its count.
    await limiters.loginPerAccount.reset(body.email);
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
    try {
      const { userId, refreshToken } = await sessions.rotate(body.refreshToken);
      const u = await accounts.findById(userId);
      if (!u) throw new HttpError(401, "TOKEN_INVALID", "refresh token is not valid");
      // Claims are read fresh, so a role change takes effect at the next refresh.
      return { status: 200, body: await sessionFor(u, refreshToken) };
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
