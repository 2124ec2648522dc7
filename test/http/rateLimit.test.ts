import assert from "node:assert/strict";
import type { DiwanServer } from "../../src/platform/server.js";
import { api, signup, startApiServer, uniqueEmail } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };

describe("auth rate limits over HTTP", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer({ AUTH_RATE_LIMIT_PER_IP: "6", AUTH_RATE_LIMIT_PER_ACCOUNT: "2", AUTH_FAILURES_PER_ACCOUNT_IP: "2", LOGIN_SLOWDOWN_MS: "0" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("refuses an address that failed too often on an account with 429 and Retry-After", async () => {
    const s = await signup(server);
    // A successful login clears this address's count, so normal use never locks it.
    assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: "wrong password" } })).status, 401);
    assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } })).status, 200);
    for (let i = 0; i < 2; i++) {
      assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: "wrong password" } })).status, 401);
    }
    const limited = await api<ErrorBody>(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.match(limited.body.error.message, /this account from this address/);
    const retry = Number(limited.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= 900, `Retry-After ${retry}`);
  });

  it("limits login per IP across accounts", async () => {
    // Five attempts were made above; one more uses up the per-IP budget of 6.
    assert.equal((await api(server, "POST", "/auth/login", { body: { email: uniqueEmail(), password: "whatever1" } })).status, 401);
    const limited = await api(server, "POST", "/auth/login", { body: { email: uniqueEmail(), password: "whatever1" } });
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get("retry-after"));
  });

  it("limits sign-up attempts per e-mail", async () => {
    const s = await signup(server);
    // The first sign-up counted; one duplicate attempt reaches the per-account budget of 2.
    const body = { email: s.email, password: "long enough pass", firstName: "A", lastName: "B" };
    assert.equal((await api(server, "POST", "/auth/signup", { body })).status, 409);
    const limited = await api<ErrorBody>(server, "POST", "/auth/signup", { body });
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get("retry-after"));
  });

  it("limits guest creation and sign-up per IP", async () => {
    for (let i = 0; i < 6; i++) assert.equal((await api(server, "POST", "/auth/guest", { body: {} })).status, 201);
    const guest = await api<ErrorBody>(server, "POST", "/auth/guest", { body: {} });
    assert.equal(guest.status, 429);
    // Sign-ups have their own budget of 6: the earlier tests used four.
    for (let i = 0; i < 2; i++) await signup(server);
    const more = await api<ErrorBody>(server, "POST", "/auth/signup", {
      body: { email: uniqueEmail(), password: "long enough pass", firstName: "A", lastName: "B" },
    });
    assert.equal(more.status, 429);
  });
});

describe("rate limits on admin Basic credentials and token refresh (issue 8, item 9)", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  const basic = (password: string) => `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;

  before(async () => {
    server = await startApiServer({ ADMIN_BASIC_FAILURES_PER_MIN: "3", REFRESH_RATE_LIMIT_PER_MIN: "4" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("refuses an address after ADMIN_BASIC_FAILURES_PER_MIN wrong Basic logins, on the monitor and every admin route", async () => {
    const from = (ip: string, password: string, path = "/monitor/") =>
      fetch(`${server.url}${path}`, { headers: { authorization: basic(password), "x-forwarded-for": ip } });
    for (let i = 0; i < 3; i++) assert.equal((await from("203.0.113.7", `guess-${i}-password`)).status, 401);
    const refused = await from("203.0.113.7", "admin-password-for-tests");
    assert.equal(refused.status, 429, "even the right password waits out the minute");
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    // The same budget covers the admin API routes and the room administration.
    assert.equal((await from("203.0.113.7", "guess", "/rooms")).status, 429);
    assert.equal((await from("203.0.113.7", "guess", "/admin/users/00000000-0000-4000-8000-000000000000/role")).status, 429);
    // Other addresses are unaffected; the admin still gets in.
    assert.equal((await from("203.0.113.8", "admin-password-for-tests")).status, 200);
    // Failures are counted on any admin route, not only the monitor.
    for (let i = 0; i < 3; i++) assert.equal((await from("203.0.113.9", `guess-${i}`, "/rooms")).status, 401);
    assert.equal((await from("203.0.113.9", "admin-password-for-tests")).status, 429);
  });

  it("limits POST /auth/refresh to REFRESH_RATE_LIMIT_PER_MIN per address", async () => {
    const s = await signup(server);
    const refresh = (ip: string, token: string) =>
      api<ErrorBody & { refreshToken: string }>(server, "POST", "/auth/refresh", { body: { refreshToken: token }, headers: { "x-forwarded-for": ip } });
    let token = s.refreshToken;
    for (let i = 0; i < 4; i++) {
      const r = await refresh("198.51.100.4", token);
      assert.equal(r.status, 200);
      token = r.body.refreshToken;
    }
    const limited = await refresh("198.51.100.4", token);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.ok(limited.headers.get("retry-after"));
    // Guessing tokens counts too.
    assert.equal((await refresh("198.51.100.4", "x".repeat(43))).status, 429);
    assert.equal((await refresh("198.51.100.5", token)).status, 200);
  });
});
