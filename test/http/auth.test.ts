import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import type { DiwanServer } from "../../src/platform/server.js";
import { SessionService } from "../../src/services/sessions.js";
import { TokenService } from "../../src/services/tokens.js";
import { TEST_JWT_SECRET } from "../helpers/env.js";
import { insertPlayedMatch, playBotMatch } from "./fixtures.js";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { api, signup, signupAdmin, startApiServer, uniqueEmail } from "./helpers.js";

type Session = { accessToken: string; refreshToken: string; user: { id: string; email: string | null; role: string; guest: boolean; firstName: string } };
type ErrorBody = { error: { code: string; message: string } };

describe("accounts over HTTP", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server?.shutdown();
  });

  it("signs up, normalises the e-mail, and answers /me", async () => {
    const raw = `  ${uniqueEmail("Mixed").toUpperCase()} `;
    const s = await signup(server, { email: raw, firstName: "Sara", lastName: "Ali" });
    assert.equal(s.user.email, raw.trim().toLowerCase());
    assert.equal(s.user.role, "player");
    const me = await api<Session["user"]>(server, "GET", "/me", { token: s.accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, s.user.id);
    assert.equal(me.body.firstName, "Sara");
    const claims = await new TokenService(TEST_JWT_SECRET).verifyAccessToken(s.accessToken);
    const family = await server.database.db.selectFrom("refresh_tokens").select("family_id").where("user_id", "=", s.user.id).executeTakeFirstOrThrow();
    assert.deepEqual(claims, { sub: s.user.id, name: "Sara Ali", role: "player", guest: false, ver: 0, sid: family.family_id });
  });

  it("refuses a duplicate e-mail whatever its case, and invalid input", async () => {
    const s = await signup(server);
    const dup = await api<ErrorBody>(server, "POST", "/auth/signup", {
      body: { email: s.email.toUpperCase(), password: "another password", firstName: "A", lastName: "B" },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, "EMAIL_TAKEN");
    const bad = await api<ErrorBody>(server, "POST", "/auth/signup", { body: { email: "not-an-email", password: "short", firstName: "", lastName: "B" } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "VALIDATION_FAILED");
    assert.match(bad.body.error.message, /email/);
    assert.match(bad.body.error.message, /password/);
  });

  it("logs in; a wrong password and an unknown e-mail get the same answer", async () => {
    const s = await signup(server);
    const ok = await api<Session>(server, "POST", "/auth/login", { body: { email: ` ${s.email.toUpperCase()}`, password: s.password } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.user.id, s.user.id);
    const wrongPassword = await api<ErrorBody>(server, "POST", "/auth/login", { body: { email: s.email, password: "wrong password!" } });
    const unknownEmail = await api<ErrorBody>(server, "POST", "/auth/login", { body: { email: uniqueEmail(), password: s.password } });
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownEmail.status, 401);
    assert.deepEqual(wrongPassword.body, unknownEmail.body);
    assert.equal(wrongPassword.body.error.code, "BAD_CREDENTIALS");
  });

  it("rotates refresh tokens; reusing a rotated one revokes the whole family", async () => {
    const s = await signup(server);
    const r1 = await api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(r1.status, 200);
    assert.notEqual(r1.body.refreshToken, s.refreshToken);
    assert.equal((await api(server, "GET", "/me", { token: r1.body.accessToken })).status, 200);

    // Past the grace window a second use means the token was copied.
    const hash = createHash("sha256").update(s.refreshToken).digest("hex");
    await server.database.db.updateTable("refresh_tokens").set({ successor_expires_at: new Date(Date.now() - 1) }).where("token_hash", "=", hash).execute();
    const reuse = await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.error.code, "TOKEN_REUSED");
    // The legitimate newer token died with the family.
    const after = await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: r1.body.refreshToken } });
    assert.equal(after.status, 401);
    assert.equal(after.body.error.code, "TOKEN_REVOKED");
    // Another login is another family and still works.
    const again = await api<Session>(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } });
    assert.equal((await api(server, "POST", "/auth/refresh", { body: { refreshToken: again.body.refreshToken } })).status, 200);
  });

  it("concurrent refreshes with the same token (a client retry) both get the same new pair; the login survives", async () => {
    const s = await signup(server);
    const results = await Promise.all([1, 2, 3].map(() => api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } })));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
    assert.equal(new Set(results.map((r) => r.body.refreshToken)).size, 1, "one new refresh token for all duplicates");
    assert.equal(new Set(results.map((r) => r.body.accessToken)).size, 1, "one new access token for all duplicates");
    // A sequential retry inside the window gets the same pair too.
    const retry = await api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.deepEqual([retry.body.accessToken, retry.body.refreshToken], [results[0]!.body.accessToken, results[0]!.body.refreshToken]);
    // Not logged out: the new pair works and rotates on.
    assert.equal((await api(server, "GET", "/me", { token: results[0]!.body.accessToken })).status, 200);
    const next = await api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: results[0]!.body.refreshToken } });
    assert.equal(next.status, 200);
    // The stored answer is sealed with the spent token: the database alone cannot read it.
    const row = await server.database.db.selectFrom("refresh_tokens").select("successor_token").where("token_hash", "=", createHash("sha256").update(s.refreshToken).digest("hex")).executeTakeFirstOrThrow();
    assert.ok(row.successor_token && !row.successor_token.includes(results[0]!.body.refreshToken));
  });

  it("reuse of a rotated refresh token after the grace window revokes the family", async () => {
    const s = await signup(server);
    const r1 = await api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(r1.status, 200);
    // The window (REFRESH_GRACE_S) has passed.
    const hash = createHash("sha256").update(s.refreshToken).digest("hex");
    await server.database.db.updateTable("refresh_tokens").set({ successor_expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", hash).execute();
    const reuse = await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(reuse.body.error.code, "TOKEN_REUSED");
    assert.equal((await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: r1.body.refreshToken } })).body.error.code, "TOKEN_REVOKED");
    // …and the family's access tokens stop working (same process: at once).
    assert.equal((await api<ErrorBody>(server, "GET", "/me", { token: r1.body.accessToken })).body.error.code, "TOKEN_REVOKED");
  });

  it("logout revokes the refresh token; unknown tokens are fine", async () => {
    const s = await signup(server);
    assert.equal((await api(server, "POST", "/auth/logout", { body: { refreshToken: s.refreshToken } })).status, 204);
    const r = await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "TOKEN_REVOKED");
    assert.equal((await api(server, "POST", "/auth/logout", { body: { refreshToken: "x".repeat(40) } })).status, 204);
    assert.equal((await api(server, "POST", "/auth/refresh", { body: { refreshToken: "y".repeat(40) } })).status, 401);
  });

  it("refuses an expired refresh token", async () => {
    const s = await signup(server);
    const hash = createHash("sha256").update(s.refreshToken).digest("hex");
    await server.database.db.updateTable("refresh_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", hash).execute();
    const r = await api<ErrorBody>(server, "POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "TOKEN_EXPIRED");
    // Long-expired tokens are purged.
    await server.database.db.updateTable("refresh_tokens").set({ expires_at: new Date(Date.now() - 2 * 86_400_000) }).where("token_hash", "=", hash).execute();
    assert.ok((await new SessionService(server.database.db, 30).purgeExpired()) >= 1);
    assert.equal((await server.database.db.selectFrom("refresh_tokens").select("id").where("token_hash", "=", hash).execute()).length, 0);
  });

  it("refuses expired, forged and malformed access tokens", async () => {
    const s = await signup(server);
    const tokens = new TokenService(TEST_JWT_SECRET);
    const expired = await tokens.signAccessToken({ sub: s.user.id, name: "x", role: "player", guest: false }, -10);
    const e = await api<ErrorBody>(server, "GET", "/me", { token: expired });
    assert.equal(e.status, 401);
    assert.equal(e.body.error.code, "TOKEN_EXPIRED");
    const forged = await new TokenService("another-secret-0123456789-abcdefghijklmnop").signAccessToken({ sub: s.user.id, name: "x", role: "admin", guest: false });
    assert.equal((await api<ErrorBody>(server, "GET", "/me", { token: forged })).body.error.code, "TOKEN_INVALID");
    const none = await new SignJWT({ name: "x", role: "admin" }).setProtectedHeader({ alg: "HS512" }).setSubject(s.user.id).sign(new TextEncoder().encode(TEST_JWT_SECRET));
    assert.equal((await api(server, "GET", "/me", { token: none })).status, 401);
    assert.equal((await api(server, "GET", "/me", { token: "garbage" })).status, 401);
    const missing = await api<ErrorBody>(server, "GET", "/me");
    assert.equal(missing.status, 401);
    assert.equal(missing.body.error.code, "TOKEN_MISSING");
  });

  it("guests play, then upgrade to a full account keeping their id", async () => {
    const g = await api<Session>(server, "POST", "/auth/guest", { body: { displayName: "Nomad" } });
    assert.equal(g.status, 201);
    assert.equal(g.body.user.guest, true);
    assert.equal(g.body.user.email, null);
    const claims = await new TokenService(TEST_JWT_SECRET).verifyAccessToken(g.body.accessToken);
    assert.equal(claims.guest, true);
    const guestMatch = await insertPlayedMatch(server.database.db, playBotMatch(), { users: [g.body.user.id, null, null, null] });
    const anon = await api<Session>(server, "POST", "/auth/guest", { body: {} });
    assert.match((anon.body.user as { displayName?: string }).displayName ?? "", /^Guest \d{4}$/);

    const email = uniqueEmail("upgraded");
    const up = await api<Session>(server, "POST", "/auth/upgrade", {
      token: g.body.accessToken,
      body: { email, password: "now a real account", firstName: "No", lastName: "Mad" },
    });
    assert.equal(up.status, 200);
    assert.equal(up.body.user.id, g.body.user.id);
    assert.equal(up.body.user.guest, false);
    // The guest's refresh token ended with the guest session.
    assert.equal((await api(server, "POST", "/auth/refresh", { body: { refreshToken: g.body.refreshToken } })).status, 401);
    const login = await api<Session>(server, "POST", "/auth/login", { body: { email, password: "now a real account" } });
    assert.equal(login.body.user.id, g.body.user.id);
    // The match played as a guest is in the account's history.
    const history = await api<{ items: { id: string }[] }>(server, "GET", "/matches/me", { token: login.body.accessToken });
    assert.deepEqual(history.body.items.map((m) => m.id), [guestMatch]);
    // Upgrading twice, or a taken e-mail, is a conflict.
    const twice = await api<ErrorBody>(server, "POST", "/auth/upgrade", {
      token: up.body.accessToken,
      body: { email: uniqueEmail(), password: "now a real account", firstName: "No", lastName: "Mad" },
    });
    assert.equal(twice.body.error.code, "NOT_A_GUEST");
    const g2 = await api<Session>(server, "POST", "/auth/guest", { body: {} });
    const taken = await api<ErrorBody>(server, "POST", "/auth/upgrade", {
      token: g2.body.accessToken,
      body: { email, password: "whatever pass", firstName: "X", lastName: "Y" },
    });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, "EMAIL_TAKEN");
  });

  it("no role comes from claiming an address: ADMIN_EMAILS is refused, sign-up and upgrade give players", async () => {
    // The operator's address, claimed by a stranger before the operator signs up.
    const claimed = await signup(server, { email: "admin@example.test".replace("admin", `admin-${Date.now().toString(36)}`) });
    assert.equal(claimed.user.role, "player");
    const g = await api<Session>(server, "POST", "/auth/guest");
    const up = await api<Session>(server, "POST", "/auth/upgrade", {
      token: g.body.accessToken,
      body: { email: uniqueEmail("admin"), password: "now a real account", firstName: "A", lastName: "B" },
    });
    assert.equal(up.body.user.role, "player");
    // The removed setting fails loudly rather than silently granting nothing.
    assert.throws(() => loadConfig({ NODE_ENV: "test", ADMIN_EMAILS: "boss@example.test" }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.issues.map((i) => i.variable), ["ADMIN_EMAILS"]);
      assert.match(err.issues[0]!.reason, /create-admin/);
      return true;
    });
    // The first admin comes from create-admin (AccountService.ensureAdmin, see test/services/createAdmin.test.ts).
    const admin = await signupAdmin(server);
    const monitor = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    assert.equal(monitor.status, 200);
  });

  it("POST /auth/guest needs no body at all", async () => {
    const res = await fetch(`${server.url}/auth/guest`, { method: "POST" });
    assert.equal(res.status, 201);
    const body = (await res.json()) as Session;
    assert.equal(body.user.guest, true);
  });
});
