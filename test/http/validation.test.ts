import assert from "node:assert/strict";
import type { DiwanServer } from "../../src/platform/server.js";
import { api, signup, startApiServer, uniqueEmail } from "./helpers.js";

type ErrorBody = { error: { code: string; message: string } };

/** Issue 8, item 10: NUL anywhere is a 400 naming the field; invisible or reordering names are refused. */
describe("text input validation", function () {
  this.timeout(60_000);
  let server: DiwanServer;

  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server?.shutdown();
  });

  const raw = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as ErrorBody };
  };

  it("answers 400 naming the field for \\u0000 in any body field, key, query or path, and stores nothing", async () => {
    const email = uniqueEmail("nul");
    const cases: [string, string, unknown, RegExp][] = [
      ["POST", "/auth/signup", { email, password: "long enough pass", firstName: "Sa\u0000ra", lastName: "Ali" }, /^body\.firstName: /],
      ["POST", "/auth/signup", { email, password: "long enough\u0000pass", firstName: "Sara", lastName: "Ali" }, /^body\.password: /],
      ["POST", "/auth/guest", { displayName: "\u0000" }, /^body\.displayName: /],
      ["POST", "/auth/login", { email, password: "x\u0000" }, /^body\.password: /],
      ["POST", "/auth/refresh", { refreshToken: "a".repeat(20) + "\u0000" }, /^body\.refreshToken: /],
      ["POST", "/auth/guest", { nested: { list: ["ok", "b\u0000d"] } }, /^body\.nested\.list\[1\]: /],
      ["POST", "/auth/guest", { "na\u0000me": "x" }, /^body\.na\\u0000me: /],
      ["GET", "/matches/recent?game=bal%00oot", undefined, /^query\.game: /],
      ["GET", `/stats/${encodeURIComponent("a\u0000b@example.test")}`, undefined, /^path: /],
      ["GET", "/tables/code/AB%00CD", undefined, /^path: /],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await raw(method, path, body);
      assert.equal(r.status, 400, `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, "VALIDATION_FAILED");
      assert.match(r.body.error.message, field);
      assert.match(r.body.error.message, /NUL/);
    }
    const stored = await server.database.db.selectFrom("users").select("id").where("email", "=", email).execute();
    assert.equal(stored.length, 0, "nothing was written");
  });

  it("refuses names made only of invisible characters or carrying bidirectional controls, naming the field", async () => {
    const invisible = ["\u200B\u200B", "\u3164", "\u115F\u1160", "\u2800\u2800", "\u00AD", " \uFE0F ", "\u2060", "\u{E0041}"];
    for (const name of invisible) {
      const r = await raw("POST", "/auth/guest", { displayName: name });
      assert.equal(r.status, 400, JSON.stringify(name));
      assert.match(r.body.error.message, /displayName/);
    }
    const bidi = ["evil\u202Egnp.exe", "a\u202Db", "\u2066x\u2069", "x\u202A"];
    for (const name of bidi) {
      const r = await raw("POST", "/auth/signup", { email: uniqueEmail(), password: "long enough pass", firstName: name, lastName: "Ali" });
      assert.equal(r.status, 400, JSON.stringify(name));
      assert.match(r.body.error.message, /^firstName: .*bidirectional/);
    }
    const control = await raw("POST", "/auth/signup", { email: uniqueEmail(), password: "long enough pass", firstName: "Sara", lastName: "A\nli" });
    assert.match(control.body.error.message, /^lastName: .*control/);
    // Real names in any script (joiners inside them included) are fine.
    for (const name of ["سارة", "Zoë", "علي‌رضا", "李", "O'Brien-Smith"]) {
      const g = await api<{ user: { displayName: string } }>(server, "POST", "/auth/guest", { body: { displayName: name } });
      assert.equal(g.status, 201, name);
      assert.equal(g.body.user.displayName, name);
    }
  });

  it("the upgrade form and the Baloot app routes use the same rules", async () => {
    const g = await api<{ accessToken: string }>(server, "POST", "/auth/guest");
    const up = await raw("POST", "/auth/upgrade", { email: uniqueEmail(), password: "long enough pass", firstName: "\u200B", lastName: "X" }, g.body.accessToken);
    assert.equal(up.status, 400);
    assert.match(up.body.error.message, /^firstName: .*visible/);
    const s = await signup(server);
    const gr = await raw("POST", "/game-result", { email: `${s.email}\u0000`, scoreUs: 1, scoreThem: 2, isWin: true }, "service-token-for-tests-0123456789abcdef");
    assert.equal(gr.status, 400);
    assert.match(gr.body.error.message, /^body\.email: /);
  });
});
