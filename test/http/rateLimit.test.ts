import assert from "node:assert/strict";
import type { DiwanServer } from "../../src/platform/server.js";
import { api, signup, startApiServer, uniqueEmail } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };

describe("auth rate limits over HTTP", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer({ AUTH_RATE_LIMIT_PER_IP: "6", AUTH_RATE_LIMIT_PER_ACCOUNT: "2" });
  });
  after(async () => {
    await server?.shutdown();
  });

  it("limits login attempts per account with 429 and Retry-After", async () => {
    const s = await signup(server);
    // A successful login clears the account's count, so normal use never locks it.
    assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: "wrong password" } })).status, 401);
    assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } })).status, 200);
    for (let i = 0; i < 2; i++) {
      assert.equal((await api(server, "POST", "/auth/login", { body: { email: s.email, password: "wrong password" } })).status, 401);
    }
    const limited = await api<ErrorBody>(server, "POST", "/auth/login", { body: { email: s.email, password: s.password } });
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.match(limited.body.error.message, /this account/);
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
