import assert from "node:assert/strict";
import { request } from "node:http";
import type { DiwanServer } from "../../src/platform/server.js";
import { api, signup, startApiServer } from "./helpers.js";

/** One raw HTTP exchange, so a test controls exactly when (and whether) the body is sent. */
function exchange(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string | number>; body?: () => AsyncIterable<Buffer> | Buffer | undefined },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; bodyBytesSent: number }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    let sent = 0;
    const req = request({ host: u.hostname, port: u.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, bodyBytesSent: sent }));
      res.on("error", reject);
    });
    req.on("error", (err) => reject(err));
    const body = options.body?.();
    if (body === undefined) {
      req.flushHeaders();
      return;
    }
    if (Buffer.isBuffer(body)) {
      sent = body.length;
      req.end(body);
      return;
    }
    void (async () => {
      try {
        for await (const chunk of body) {
          if (req.destroyed) return;
          sent += chunk.length;
          if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        }
        req.end();
      } catch {
        // the server closed the connection: expected once it refused the body
      }
    })();
  });
}

/** Issue 8, items 12 and 19: matchmaking bodies are capped and authenticated first; one CORS policy. */
describe("request gate: matchmaking body cap and authentication, CORS", function () {
  this.timeout(60_000);

  describe("matchmaking", () => {
    let server: DiwanServer;
    let token: string;
    before(async () => {
      server = await startApiServer();
      token = (await signup(server)).accessToken;
    });
    after(async () => {
      await server?.shutdown();
    });

    it("refuses a request without a valid token before reading its body", async () => {
      // Headers announce 600 MB; the body is never sent: the answer comes without it.
      const r = await exchange(server.url, {
        method: "POST",
        path: "/matchmake/joinOrCreate/baloot",
        headers: { "content-type": "application/json", "content-length": 600 * 1024 * 1024, authorization: "Bearer not-a-token" },
      });
      assert.equal(r.status, 413);
      const noLength = await exchange(server.url, {
        method: "POST",
        path: "/matchmake/joinOrCreate/baloot",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: "Bearer not-a-token" },
      });
      assert.equal(noLength.status, 401);
      assert.equal(noLength.bodyBytesSent, 0);
      assert.deepEqual(JSON.parse(noLength.text), { code: 401, error: "AUTH_FAILED: access token is not valid" });
    });

    it("caps bodies at 64 KB (announced or streamed) and keeps serving", async () => {
      const announced = await exchange(server.url, {
        method: "POST",
        path: "/matchmake/joinOrCreate/baloot",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: () => Buffer.from(JSON.stringify({ mode: "quick", pad: "x".repeat(70 * 1024) })),
      });
      assert.equal(announced.status, 413);
      assert.match(JSON.parse(announced.text).error, /^PAYLOAD_TOO_LARGE: .*65536 bytes/);
      // Streamed without a length: refused once 64 KB have arrived, the rest never buffered.
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const streamed = await exchange(server.url, {
        method: "POST",
        path: "/matchmake/joinOrCreate/baloot",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked", authorization: `Bearer ${token}` },
        body: async function* () {
          for (let i = 0; i < 4096; i++) yield chunk; // 64 MB if it were all read
        },
      });
      assert.equal(streamed.status, 413);
      assert.ok(streamed.bodyBytesSent < 8 * 1024 * 1024, `sent ${streamed.bodyBytesSent} bytes before the refusal`);
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
    });

    it("the JSON API has the same 64 KB cap", async () => {
      const res = await fetch(`${server.url}/auth/guest`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "x".repeat(70 * 1024) }),
      });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, "PAYLOAD_TOO_LARGE");
    });

    it("still serves normal joins (header token or token option), malformed bodies get 400", async () => {
      const ok = await fetch(`${server.url}/matchmake/create/baloot`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ mode: "bots" }),
      });
      assert.equal(ok.status, 200);
      assert.ok(((await ok.json()) as { roomId?: string }).roomId);
      // Another user: one user may hold only one unused seat reservation at a time (PROTOCOL.md §2).
      const other = (await signup(server)).accessToken;
      const viaOption = await fetch(`${server.url}/matchmake/create/baloot`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mode: "bots", token: other }),
      });
      assert.equal(viaOption.status, 200);
      const none = await fetch(`${server.url}/matchmake/create/baloot`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      assert.equal(none.status, 401);
      const broken = await fetch(`${server.url}/matchmake/create/baloot`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: "{not json",
      });
      assert.equal(broken.status, 400);
      const nul = await fetch(`${server.url}/matchmake/create/baloot`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ mode: "bo\u0000ts" }),
      });
      assert.equal(nul.status, 400);
      assert.match(((await nul.json()) as { error: string }).error, /options\.mode/);
    });
  });

  describe("CORS with the default CORS_ORIGINS=*", () => {
    let server: DiwanServer;
    before(async () => {
      server = await startApiServer();
    });
    after(async () => {
      await server?.shutdown();
    });

    it("allows any origin without credentials, and never answers CORS on /monitor", async () => {
      const origin = "https://evil.example";
      for (const path of ["/leaderboard", "/health"]) {
        const res = await fetch(`${server.url}${path}`, { headers: { origin } });
        assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
        assert.equal(res.headers.get("access-control-allow-credentials"), null, path);
      }
      const pre = await fetch(`${server.url}/matchmake/joinOrCreate/baloot`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST" } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get("access-control-allow-origin"), "*");
      assert.equal(pre.headers.get("access-control-allow-credentials"), null);
      assert.match(pre.headers.get("access-control-allow-headers") ?? "", /Authorization/);
      const basic = `Basic ${Buffer.from("admin:admin-password-for-tests").toString("base64")}`;
      const monitor = await fetch(`${server.url}/monitor/`, { headers: { origin, authorization: basic } });
      assert.equal(monitor.status, 200);
      for (const [k] of monitor.headers) assert.ok(!k.startsWith("access-control-"), `monitor sent ${k}`);
      const monitorPre = await fetch(`${server.url}/monitor/api`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } });
      for (const [k] of monitorPre.headers) assert.ok(!k.startsWith("access-control-"), `monitor preflight sent ${k}`);
    });
  });

  describe("CORS with listed origins", () => {
    let server: DiwanServer;
    before(async () => {
      server = await startApiServer({ CORS_ORIGINS: "https://app.example.com, https://admin.example.com" });
    });
    after(async () => {
      await server?.shutdown();
    });

    it("gives credentials only to listed origins, nothing to others, nothing on /monitor", async () => {
      const listed = await fetch(`${server.url}/leaderboard`, { headers: { origin: "https://app.example.com" } });
      assert.equal(listed.headers.get("access-control-allow-origin"), "https://app.example.com");
      assert.equal(listed.headers.get("access-control-allow-credentials"), "true");
      assert.match(listed.headers.get("vary") ?? "", /Origin/);
      const other = await fetch(`${server.url}/leaderboard`, { headers: { origin: "https://evil.example" } });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
      assert.equal(other.headers.get("access-control-allow-credentials"), null);
      const mm = await fetch(`${server.url}/matchmake/joinOrCreate/baloot`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
      assert.equal(mm.headers.get("access-control-allow-origin"), null);
      const monitor = await fetch(`${server.url}/monitor/`, { headers: { origin: "https://admin.example.com" } });
      for (const [k] of monitor.headers) assert.ok(!k.startsWith("access-control-"), `monitor sent ${k}`);
      const r = await api(server, "GET", "/leaderboard");
      assert.equal(r.status, 200);
    });
  });
});
