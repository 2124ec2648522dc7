/** Deprecation signals (docs/API_VERSIONING.md): headers, the document, and the legacy /stats/:email route. */
import assert from "node:assert/strict";
import { deprecationHeaders } from "../../src/http/deprecation.js";
import { buildOpenApiDocument } from "../../src/http/openapi.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { documentContract } from "../helpers/contract.js";
import { api, signup, startApiServer } from "./helpers.js";

describe("deprecation headers", function () {
  this.timeout(60_000);

  it("formats Deprecation (RFC 9745), Sunset (RFC 8594) and Link", () => {
    const h = deprecationHeaders({ since: "2026-11-30", sunset: "2027-06-01", successor: "/players/{id}/stats" });
    assert.equal(h.Deprecation, `@${Date.UTC(2026, 10, 30) / 1000}`);
    assert.equal(h.Sunset, "Tue, 01 Jun 2027 00:00:00 GMT");
    assert.equal(h.Link, '</players/{id}/stats>; rel="successor-version", </docs>; rel="deprecation"');
    assert.equal(deprecationHeaders({ since: "2026-11-30" }).Sunset, undefined);
    assert.throws(() => deprecationHeaders({ since: "soon" }), RangeError);
    assert.throws(() => deprecationHeaders({ since: "2026-11-30", sunset: "2026-01-01" }), /after/);
  });

  it("the document marks GET /stats/{email} deprecated and requires its headers on every response", () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { deprecated?: boolean; responses: Record<string, { headers?: Record<string, unknown> }> }>> };
    const op = doc.paths["/stats/{email}"]!.get!;
    assert.equal(op.deprecated, true);
    for (const r of Object.values(op.responses)) assert.ok(r.headers?.Deprecation, "every response documents Deprecation");
    assert.equal(doc.paths["/players/{id}/stats"]!.get!.deprecated, undefined);
    // The contract check refuses a response of a deprecated route without its headers.
    const body = JSON.stringify({ email: "a@b.c", gamesPlayed: 0, wins: 0, losses: 0, winRate: 0, leaguePoints: 1000, firstName: "A", lastName: "B" });
    const violations = documentContract().check({ method: "GET", path: "/stats/a@b.c", status: 200, contentType: "application/json", body, headers: new Headers() });
    assert.match(violations.join(), /documented header Deprecation is missing/);
  });

  describe("live", () => {
    let server: DiwanServer;
    before(async () => {
      server = await startApiServer();
    });
    after(async () => {
      await server?.shutdown();
    });

    it("GET /stats/:email answers with the deprecation headers, also on errors; its successor does not", async () => {
      const s = await signup(server);
      const ok = await api(server, "GET", `/stats/${encodeURIComponent(s.email)}`, { token: s.accessToken });
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get("deprecation") ?? "", /^@\d+$/);
      assert.match(ok.headers.get("link") ?? "", /rel="successor-version"/);
      const unauth = await api(server, "GET", `/stats/${encodeURIComponent(s.email)}`);
      assert.equal(unauth.status, 401);
      assert.ok(unauth.headers.get("deprecation"));
      const successor = await api(server, "GET", `/players/${s.user.id}/stats`);
      assert.equal(successor.status, 200);
      assert.equal(successor.headers.get("deprecation"), null);
    });
  });
});
