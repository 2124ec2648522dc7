import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Application } from "express";
import { buildOpenApiDocument, openApiPath, openApiText } from "../../src/http/openapi.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { REPO_ROOT } from "../helpers/processes.js";
import { apiRoutes } from "../../src/http/openapi.js";
import { api, SERVICE_TOKEN, signup, signupAdmin, startApiServer, uniqueEmail } from "./helpers.js";

/** Routes that are not part of the JSON API, and why. */
const NOT_IN_DOCUMENT = new Map([
  ["get /docs", "the interactive docs page itself (HTML)"],
  ["get /docs/init.js", "script of the docs page"],
  ["get /openapi.json", "the document itself"],
  ["get /", "the web client's page (HTML, src/http/web.router.ts)"],
  ["get /play", "the web client's page"],
  ["get /play/*rest", "the web client's own routes (index.html)"],
]);

interface Layer {
  slash?: boolean;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route mounted at the root of the Express app (nested routers included). */
function mountedRoutes(app: Application): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== "_all") out.push(`${m} ${layer.route.path}`);
      } else if (layer.slash && layer.handle.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe("API contract (OpenAPI document vs routes)", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server?.shutdown();
  });

  it("documents every mounted route, and mounts every documented one", () => {
    const app = (server.colyseus.transport as unknown as { getExpressApp(): Application }).getExpressApp();
    const mounted = mountedRoutes(app).filter((r) => !NOT_IN_DOCUMENT.has(r));
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const mountedAsOpenApi = mounted.map((r) => {
      const [m, p] = r.split(" ");
      return `${m} ${openApiPath(p!)}`;
    });
    assert.deepEqual([...mountedAsOpenApi].sort(), [...documented].sort(), "mounted routes and the OpenAPI document differ");
    assert.equal(new Set(mountedAsOpenApi).size, mountedAsOpenApi.length, "a route is mounted twice");
  });

  it("the committed docs/openapi.json is up to date (run `npm run openapi`)", () => {
    const committed = readFileSync(`${REPO_ROOT}docs/openapi.json`, "utf8");
    assert.equal(committed, openApiText(), "docs/openapi.json is stale: run `npm run openapi` and commit it");
  });

  it("serves /openapi.json and offline docs at /docs", async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), JSON.parse(openApiText()));

    const page = await fetch(`${server.url}/docs`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /swagger-ui/);
    assert.doesNotMatch(html, /https?:\/\//, "no CDN: everything comes from this server");
    for (const src of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)) {
      const asset = await fetch(`${server.url}${src}`);
      assert.equal(asset.status, 200, src);
      assert.ok((await asset.arrayBuffer()).byteLength > 10, src);
    }
  });

  it("every route with documented input refuses input outside the document with 400", async () => {
    const admin = await signupAdmin(server);
    const player = await signup(server);
    const credentials = { public: undefined, user: player.accessToken, admin: admin.accessToken, service: SERVICE_TOKEN } as const;
    const withInput = apiRoutes.filter((r) => r.params || r.query || r.body);
    assert.ok(withInput.length >= 10);
    for (const spec of withInput) {
      // Too long for every documented path parameter, not a number for any query parameter, not an object body.
      const path = spec.path.replace(/:[A-Za-z_]\w*/g, "z".repeat(300));
      const query = spec.query ? "?offset=not-a-number&limit=not-a-number" : "";
      const res = await api<{ error: { code: string } }>(server, spec.method.toUpperCase(), `${path}${query}`, {
        token: credentials[spec.access],
        body: spec.body ? [] : undefined,
      });
      assert.equal(res.status, 400, `${spec.method} ${spec.path}`);
      assert.equal(res.body.error.code, "VALIDATION_FAILED", `${spec.method} ${spec.path}`);
    }
  });

  it("platform routes answer in their documented shapes", async () => {
    const admin = await signup(server, { email: uniqueEmail("ops") });
    await server.database.db.updateTable("users").set({ role: "admin" }).where("id", "=", admin.user.id).execute();
    const login = await api<{ accessToken: string }>(server, "POST", "/auth/login", { body: { email: admin.email, password: admin.password } });
    const token = login.body.accessToken;
    assert.equal((await api(server, "GET", "/health")).status, 200);
    assert.equal((await api(server, "GET", "/ready")).status, 200);
    assert.equal((await api(server, "GET", "/metrics")).status, 200);
    assert.equal((await api(server, "GET", "/rooms", { token })).status, 200);
    assert.equal((await api(server, "GET", "/rooms/no-such-room", { token })).status, 404);
    assert.equal((await api(server, "DELETE", "/rooms/no-such-room", { token })).status, 404);
    assert.equal((await api(server, "GET", "/tables/code/ABCDE", { token })).status, 404);
  });

  it("every operation documents its errors and every error body uses the shared shape", () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(op.responses["500"], `${method} ${path} documents 500`);
        if (op.security) assert.ok(op.responses["401"], `${method} ${path} is protected and documents 401`);
      }
    }
  });
});
