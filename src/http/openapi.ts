import { z } from "zod";
import { authRoutes } from "./auth.router.js";
import { baseballRoutes } from "./baseball.router.js";
import { implicitResponses, type RouteSpec } from "./contract.js";
import { deckRoutes } from "./decks.router.js";
import { deprecationHeaders, type DeprecationInfo } from "./deprecation.js";
import { fairnessRoutes } from "./fairness.router.js";
import { gameRoutes } from "./games.router.js";
import { managedTableRoutes } from "./managedTables.routes.js";
import { matchRoutes } from "./matches.router.js";
import { platformRoutes } from "./openapi.platform.js";
import { processRoutes } from "./processes.router.js";
import { statsRoutes } from "./stats.router.js";
import { usageRoutes } from "./usage.router.js";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
 * `npm run openapi` writes it to docs/openapi.json; a test fails when the two differ.
 */

export const apiRoutes: RouteSpec[] = [
  ...Object.values(authRoutes),
  ...Object.values(statsRoutes),
  ...Object.values(matchRoutes),
  ...Object.values(fairnessRoutes),
  ...Object.values(baseballRoutes),
  ...Object.values(deckRoutes),
  ...Object.values(gameRoutes),
  ...Object.values(platformRoutes),
  // After platformRoutes: /tables/public and /tables/code/:code are literal paths before /tables/:id.
  ...Object.values(managedTableRoutes),
  ...Object.values(usageRoutes),
  ...Object.values(processRoutes),
];

/** Response headers of a deprecated operation (deprecation.ts), as OpenAPI header objects. */
function deprecationHeaderDocs(info: DeprecationInfo, required: boolean): JsonSchema {
  const values = deprecationHeaders(info);
  const doc: JsonSchema = {};
  const what: Record<string, string> = {
    Deprecation: "RFC 9745: deprecated since this moment (@unix seconds)",
    Sunset: "RFC 8594: may stop working after this date",
    Link: "The successor route and the deprecation policy",
  };
  for (const [name, value] of Object.entries(values)) {
    doc[name] = { required, description: what[name], schema: { type: "string", const: value } };
  }
  return doc;
}

/** Express `/matches/:id` → OpenAPI `/matches/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]\w*)/g, "{$1}");

type JsonSchema = Record<string, unknown>;

/**
 * zod puts named schemas (`.meta({ id })`) in `$defs` with `#/$defs/Name` references; in an
 * OpenAPI document they belong in components.schemas, referenced once, so hoist and rewrite.
 */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const s = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  delete s.$schema;
  const defs = (s.$defs ?? {}) as Record<string, JsonSchema>;
  delete s.$defs;
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, k === "$ref" && typeof x === "string" ? x.replace("#/$defs/", "#/components/schemas/") : rewrite(x)]),
      );
    }
    return v;
  };
  for (const [name, def] of Object.entries(defs)) {
    const clean = rewrite(def) as JsonSchema;
    delete clean.id;
    components[name] ??= clean;
  }
  return rewrite(s) as JsonSchema;
}

function parameters(spec: RouteSpec, components: Record<string, JsonSchema>): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [["path", spec.params], ["query", spec.query]] as const) {
    if (!schema) continue;
    const js = toSchema(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (js.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

const SECURITY: Record<RouteSpec["access"], JsonSchema[] | undefined> = {
  public: undefined,
  user: [{ bearer: [] }],
  admin: [{ bearer: [] }, { adminBasic: [] }],
  service: [{ bearer: [] }],
};

export function buildOpenApiDocument(routes: RouteSpec[] = apiRoutes): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const spec of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, r] of Object.entries(implicitResponses(spec))) {
      // A 400 may come from the app-wide input guard (validation.ts) before the route runs.
      const headers = spec.deprecated ? deprecationHeaderDocs(spec.deprecated, status !== "400") : undefined;
      responses[status] = {
        description: r.description,
        ...(headers ? { headers } : {}),
        ...(r.contentType
          ? { content: { [r.contentType]: { schema: { type: "string" } } } }
          : r.schema
            ? { content: { "application/json": { schema: toSchema(r.schema, "output", schemas) } } }
            : {}),
      };
    }
    const op: JsonSchema = {
      operationId: `${spec.method}${openApiPath(spec.path).replace(/[{}]/g, "").split(/[/-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("")}`,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.deprecated ? { deprecated: true } : {}),
      ...(SECURITY[spec.access] ? { security: SECURITY[spec.access] } : {}),
      "x-access": spec.access,
      parameters: parameters(spec, schemas),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(spec.body, "input", schemas) } } } } : {}),
      responses,
    };
    (paths[openApiPath(spec.path)] ??= {})[spec.method] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Diwan API",
      version: "1",
      description:
        "Accounts, stats, league table, match history, box scores and replays of the Diwan game server. " +
        "Sign in (POST /auth/login, /auth/signup or /auth/guest), send the access token as `Authorization: Bearer …`, " +
        "and exchange the refresh token at POST /auth/refresh before the access token expires. " +
        "Errors are `{ error: { code, message } }` except the Baloot-app shapes of /stats, /leaderboard and /game-result. " +
        "Versioning: compatible changes (new routes, new optional inputs, new response fields: ignore unknown fields) are made in place; " +
        "a superseded operation is marked deprecated and answers with `Deprecation` (RFC 9745), `Link` (successor) and, once decided, `Sunset` (RFC 8594) headers.",
    },
    tags: [
      { name: "auth", description: "Accounts and sessions" },
      { name: "stats", description: "Stats and league points" },
      { name: "matches", description: "History, box scores, replays" },
      { name: "admin", description: "Administration" },
      { name: "tables", description: "Finding tables" },
      { name: "fairness", description: "RNG fingerprint of the deals" },
      { name: "baseball", description: "Dice-baseball league stats" },
      { name: "decks", description: "Players' decks and the card duel's catalogue" },
      { name: "games", description: "Creating tables over REST" },
      { name: "operations", description: "Health, readiness, metrics" },
    ],
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token (or SERVICE_TOKEN for /game-result)" },
        adminBasic: { type: "http", scheme: "basic", description: "ADMIN_USERNAME / ADMIN_PASSWORD" },
      },
    },
    paths,
  };
}

/** Stable text for the committed file (2-space JSON, trailing newline). */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
