/**
 * Writes the OpenAPI document generated from the route schemas to docs/openapi.json.
 * `npm run openapi` after changing a route; test/http/openapi.test.ts fails until it is done.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiText } from "../src/http/openapi.js";

const target = fileURLToPath(new URL("../docs/openapi.json", import.meta.url));
writeFileSync(target, openApiText());
console.log(`wrote ${target}`);
