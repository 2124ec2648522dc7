import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

/** The web client's typed API (clients/ts/api.d.ts) is generated from docs/openapi.json, never edited by hand. */
describe("generated TypeScript API client", () => {
  it("matches what `npm run api:client` generates from docs/openapi.json", async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(new URL("../../docs/openapi.json", import.meta.url)));
    const committed = readFileSync(new URL("../../clients/ts/api.d.ts", import.meta.url), "utf8");
    assert.ok(generated === committed, "clients/ts/api.d.ts is stale: run `npm run api:client` and commit it");
  });
});
