import assert from "node:assert/strict";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { TokenService } from "../../src/services/tokens.js";
import { TEST_JWT_SECRET, testConfig } from "../helpers/env.js";

describe("server foundation (HTTP on the game port)", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  const tokens = new TokenService(TEST_JWT_SECRET);

  before(async () => {
    server = await startDiwan(testConfig({ CORS_ORIGINS: "https://app.example.com", METRICS_TOKEN: undefined }));
  });
  after(async () => {
    await server?.shutdown();
  });

  it("GET /health answers without touching dependencies", async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; pid: number };
    assert.equal(body.status, "ok");
    assert.equal(body.pid, process.pid);
  });

  it("GET /ready checks the database", async () => {
    const res = await fetch(`${server.url}/ready`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    assert.equal(body.status, "ready");
    assert.equal(body.checks.database?.ok, true);
  });

  it("answers unknown routes and malformed JSON with JSON errors", async () => {
    const nf = await fetch(`${server.url}/no/such/route`);
    assert.equal(nf.status, 404);
    assert.deepEqual(((await nf.json()) as { error: { code: string } }).error.code, "NOT_FOUND");

    const bad = await fetch(`${server.url}/anything`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, "MALFORMED_JSON");
  });

  it("sets security headers and a request id", async () => {
    const res = await fetch(`${server.url}/health`, { headers: { "x-request-id": "abc-123" } });
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("x-request-id"), "abc-123");
    assert.equal(res.headers.get("x-powered-by"), null);
  });

  it("allows only CORS_ORIGINS", async () => {
    const ok = await fetch(`${server.url}/health`, { headers: { origin: "https://app.example.com" } });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example.com");
    const other = await fetch(`${server.url}/health`, { headers: { origin: "https://evil.example.net" } });
    assert.notEqual(other.headers.get("access-control-allow-origin"), "https://evil.example.net");
    assert.notEqual(other.headers.get("access-control-allow-origin"), "*");
  });

  it("GET /metrics serves Prometheus text with process and HTTP metrics", async () => {
    await fetch(`${server.url}/health`);
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
    const text = await res.text();
    assert.match(text, /process_cpu_user_seconds_total/);
    assert.match(text, /diwan_http_request_duration_seconds_bucket\{[^}]*route="\/health"[^}]*status="200"/);
    assert.match(text, /diwan_rooms_active/);
  });

  describe("monitor", () => {
    it("refuses without credentials (401 with a Basic challenge)", async () => {
      const res = await fetch(`${server.url}/monitor`);
      assert.equal(res.status, 401);
      assert.match(res.headers.get("www-authenticate") ?? "", /Basic/);
      const api = await fetch(`${server.url}/monitor/api`);
      assert.equal(api.status, 401);
    });

    it("refuses wrong Basic credentials and player tokens", async () => {
      const wrong = await fetch(`${server.url}/monitor`, {
        headers: { authorization: `Basic ${Buffer.from("admin:wrong-password").toString("base64")}` },
      });
      assert.equal(wrong.status, 401);
      const player = await tokens.signAccessToken({ sub: "u1", name: "P", role: "player", guest: false });
      const forbidden = await fetch(`${server.url}/monitor`, { headers: { authorization: `Bearer ${player}` } });
      assert.equal(forbidden.status, 403);
      const forged = await new TokenService("another-secret-another-secret-another").signAccessToken({
        sub: "u1",
        name: "P",
        role: "admin",
        guest: false,
      });
      const bad = await fetch(`${server.url}/monitor`, { headers: { authorization: `Bearer ${forged}` } });
      assert.equal(bad.status, 401);
    });

    it("opens for the admin (Basic or admin token)", async () => {
      const basic = await fetch(`${server.url}/monitor/`, {
        headers: { authorization: `Basic ${Buffer.from("admin:admin-password-for-tests").toString("base64")}` },
      });
      assert.equal(basic.status, 200);
      assert.match(await basic.text(), /<html|<!doctype/i);
      const admin = await tokens.signAccessToken({ sub: "a1", name: "A", role: "admin", guest: false });
      const viaToken = await fetch(`${server.url}/monitor/`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(viaToken.status, 200);
    });
  });
});
