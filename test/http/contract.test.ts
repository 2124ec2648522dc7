/** Contract validation (issue 15 §4): responses are checked against docs/openapi.json, and wrong ones fail. */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { documentContract } from "../helpers/contract.js";
import { api } from "./helpers.js";

const json = "application/json; charset=utf-8";
const uuid = "3b241101-e2bb-4255-8caf-4136c566a962";

describe("contract validation against docs/openapi.json", () => {
  const contract = documentContract();

  it("accepts a response that follows the document", () => {
    const body = JSON.stringify({ status: "ok", uptimeSeconds: 3, pid: 42, processId: "abc" });
    assert.deepEqual(contract.check({ method: "GET", path: "/health", status: 200, contentType: json, body }), []);
    const error = JSON.stringify({ error: { code: "MATCH_NOT_FOUND", message: "no such match" } });
    assert.deepEqual(contract.check({ method: "GET", path: `/matches/${uuid}`, status: 404, contentType: json, body: error }), []);
  });

  it("rejects a wrong body, an extra field, an undocumented status, an unknown route and a wrong content type", () => {
    const wrong = (status: number, body: string, path = "/health", contentType = json) => contract.check({ method: "GET", path, status, contentType, body });
    assert.match(wrong(200, JSON.stringify({ status: "fine", uptimeSeconds: 3, pid: 42, processId: "abc" })).join(), /status must be equal to constant/);
    assert.match(wrong(200, JSON.stringify({ status: "ok", uptimeSeconds: 3, pid: 42, processId: "abc", secret: 1 })).join(), /additional properties/);
    assert.match(wrong(200, JSON.stringify({ status: "ok", uptimeSeconds: "3", pid: 42, processId: "abc" })).join(), /uptimeSeconds must be number/);
    assert.match(wrong(418, "{}").join(), /status not documented/);
    assert.match(wrong(200, "{}", "/no/such/route").join(), /no such operation/);
    assert.match(wrong(200, "not json").join(), /not JSON/);
    assert.match(wrong(200, "# HELP x\n", "/metrics", json).join(), /documented as text\/plain/);
    // Formats are checked too: a match id that is not a uuid.
    const bad = JSON.stringify({ items: [{ id: "m-1", game: "baloot", status: "finished", ranked: false, startedAt: "2026-01-01T00:00:00.000Z", endedAt: null, durationMs: null, winnerTeam: null, scores: null, seat: 0, team: 0, result: null, pointsDelta: null }], offset: 0, limit: 20 });
    assert.match(wrong(200, bad, "/matches/me").join(), /must match format "uuid"/);
  });

  it("picks literal paths over parameters (/matches/me is not /matches/{id})", () => {
    assert.equal(contract.operationFor("GET", "/matches/me?limit=3")?.template, "/matches/me");
    assert.equal(contract.operationFor("GET", `/matches/${uuid}`)?.template, "/matches/{id}");
    assert.equal(contract.operationFor("POST", "/matches/me"), undefined);
  });

  describe("the test HTTP helper checks every response", () => {
    let server: Server;
    let url: string;
    before(async () => {
      // A deliberately wrong /health: the helper must refuse it as a test failure.
      server = createServer((_req, res) => {
        res.setHeader("content-type", json);
        res.end(JSON.stringify({ status: "fine", uptimeSeconds: 1, pid: 1, processId: "x" }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it("fails the call when the server breaks the contract", async () => {
      await assert.rejects(api({ url }, "GET", "/health"), /breaks docs\/openapi\.json[\s\S]*status must be equal to constant/);
    });
  });
});
