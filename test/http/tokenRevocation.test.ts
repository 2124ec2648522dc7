import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { SignJWT } from "jose";
import type { DiwanServer } from "../../src/platform/server.js";
import { AccountService } from "../../src/services/accounts.js";
import { TokenChecks } from "../../src/services/tokenChecks.js";
import { TokenService } from "../../src/services/tokens.js";
import { TEST_JWT_SECRET } from "../helpers/env.js";
import { api, signup, signupAdmin, startApiServer, uniqueEmail } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };
type Session = { accessToken: string; refreshToken: string; user: { id: string; role: string; guest: boolean } };

/** Issue 8, item 5: withdrawn tokens stop working on every route and room join. */
describe("access tokens are withdrawn by role changes, logout, family revocation and guest upgrade", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer({ BOT_DELAY_MS: "0" });
  });
  after(async () => {
    await server?.shutdown();
  });

  const joinBots = async (token: string) => {
    const client = new Client(server.url);
    client.auth.token = token;
    const room = await client.create("baloot", { mode: "bots" });
    room.onMessage("*", () => {});
    await room.leave();
  };

  it("a demoted admin loses admin rights with the token he holds and cannot promote himself back", async () => {
    const boss = await signupAdmin(server);
    const mallory = await signupAdmin(server);
    const victim = await signup(server);
    // Mallory's admin token works…
    assert.equal((await api(server, "PUT", `/admin/users/${victim.user.id}/role`, { body: { role: "player" }, token: mallory.accessToken })).status, 200);
    // …until the boss demotes him.
    assert.equal((await api(server, "PUT", `/admin/users/${mallory.user.id}/role`, { body: { role: "player" }, token: boss.accessToken })).status, 200);
    const selfPromote = await api<ErrorBody>(server, "PUT", `/admin/users/${mallory.user.id}/role`, { body: { role: "admin" }, token: mallory.accessToken });
    assert.equal(selfPromote.status, 401);
    assert.equal(selfPromote.body.error.code, "TOKEN_REVOKED");
    const monitor = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Bearer ${mallory.accessToken}` } });
    assert.equal(monitor.status, 401);
    const rooms = await fetch(`${server.url}/rooms`, { headers: { authorization: `Bearer ${mallory.accessToken}` } });
    assert.equal(rooms.status, 401);
    // The refreshed token carries the new role, which opens nothing admin.
    const fresh = await api<Session>(server, "POST", "/auth/refresh", { body: { refreshToken: mallory.refreshToken } });
    assert.equal(fresh.body.user.role, "player");
    assert.equal((await api(server, "PUT", `/admin/users/${mallory.user.id}/role`, { body: { role: "admin" }, token: fresh.body.accessToken })).status, 403);
    const row = await server.database.db.selectFrom("users").select("role").where("id", "=", mallory.user.id).executeTakeFirstOrThrow();
    assert.equal(row.role, "player");
  });

  it("no admin may change his own role", async () => {
    const admin = await signupAdmin(server);
    const own = await api<ErrorBody>(server, "PUT", `/admin/users/${admin.user.id}/role`, { body: { role: "player" }, token: admin.accessToken });
    assert.equal(own.status, 403);
    assert.equal(own.body.error.code, "OWN_ROLE");
    await assert.rejects(new AccountService(server.database.db).setRole(admin.user.id, "player", admin.user.id), /own role/);
  });

  it("logout ends the login's access tokens on routes and room joins; other logins live on", async () => {
    const s = await signup(server);
    const other = await api<Session>(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } });
    await joinBots(s.accessToken);
    assert.equal((await api(server, "POST", "/auth/logout", { body: { refreshToken: s.refreshToken } })).status, 204);
    const me = await api<ErrorBody>(server, "GET", "/me", { token: s.accessToken });
    assert.equal(me.body.error.code, "TOKEN_REVOKED");
    await assert.rejects(joinBots(s.accessToken), /TOKEN_REVOKED|login has ended/);
    // The token in the join options (no header) is checked the same way.
    await assert.rejects(new Client(server.url).create("baloot", { mode: "bots", token: s.accessToken }), /login has ended/);
    assert.equal((await api(server, "GET", "/me", { token: other.body.accessToken })).status, 200);
  });

  it("guest upgrade withdraws the guest's tokens (routes and room joins)", async () => {
    const g = await api<Session>(server, "POST", "/auth/guest", { body: { displayName: "Nomad" } });
    await joinBots(g.body.accessToken);
    const up = await api<Session>(server, "POST", "/auth/upgrade", {
      token: g.body.accessToken,
      body: { email: uniqueEmail("up"), password: "a real password", firstName: "No", lastName: "Mad" },
    });
    assert.equal(up.status, 200);
    assert.equal((await api<ErrorBody>(server, "GET", "/me", { token: g.body.accessToken })).body.error.code, "TOKEN_REVOKED");
    await assert.rejects(joinBots(g.body.accessToken), /withdrawn/);
    assert.equal((await api(server, "GET", "/me", { token: up.body.accessToken })).status, 200);
    await joinBots(up.body.accessToken);
  });

  it("refuses tokens without exp", async () => {
    const s = await signup(server);
    const forever = await new SignJWT({ name: "x", role: "player", guest: false, ver: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(s.user.id)
      .setIssuer("diwan")
      .setAudience("diwan")
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const r = await api<ErrorBody>(server, "GET", "/me", { token: forever });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, "TOKEN_INVALID");
    await assert.rejects(joinBots(forever), /no expiry/);
  });

  it("another process honours a withdrawal within the 5 s cache, never later", async () => {
    const s = await signup(server);
    let now = 1_000_000;
    const checks = new TokenChecks(server.database.db, 5000, () => now);
    const other = new TokenService(TEST_JWT_SECRET);
    other.useSessionCheck(checks.check);
    const claims = await other.verifyAccessToken(s.accessToken);
    assert.equal(claims.sub, s.user.id);
    // This server (another process as far as `checks` knows) withdraws the tokens.
    await new AccountService(server.database.db).setRole(s.user.id, "admin");
    now += 4_999;
    await other.verifyAccessToken(s.accessToken); // still inside the cache time
    now += 1;
    await assert.rejects(other.verifyAccessToken(s.accessToken), /withdrawn/);
    assert.throws(() => new TokenChecks(server.database.db, 5001), /at most 5 s/);
    // A subject with no account (tokens minted with the secret by tools) has nothing to withdraw.
    const tool = await new TokenService(TEST_JWT_SECRET).signAccessToken({ sub: randomUUID(), name: "bot", role: "player", guest: true });
    await other.verifyAccessToken(tool);
  });

  it("during a database outage the last answer seen is used; with none the verification fails closed", async () => {
    const s = await signup(server);
    let now = 0;
    let down = false;
    const real = server.database.db;
    // The server's database, with a switch that makes every query fail.
    const db = new Proxy(real, {
      get: (target, prop) => {
        if (prop === "selectFrom" && down) {
          return () => {
            throw new Error("database unavailable");
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const checks = new TokenChecks(db, 5000, () => now);
    const tokens = new TokenService(TEST_JWT_SECRET);
    tokens.useSessionCheck(checks.check);
    await tokens.verifyAccessToken(s.accessToken);
    down = true;
    now += 60_000;
    await tokens.verifyAccessToken(s.accessToken); // admitted before: admitted during the outage
    const stranger = await signup(server);
    await assert.rejects(tokens.verifyAccessToken(stranger.accessToken), /database unavailable/);
  });
});
