import { z } from "zod";
import { authRoutes } from "./auth.router.js";
import { implicitResponses, type RouteSpec } from "./contract.js";
import { matchRoutes } from "./matches.router.js";
import { statsRoutes } from "./stats.router.js";

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with.
 * `npm run openapi` writes it to docs/openapi.json; a test fails when the two differ.
 */

export const apiRoutes: RouteSpec[] = [...Object.values(authRoutes), ...Object.values(statsRoutes), ...Object.values(matchRoutes)];

/** Express `/matches/:id` → OpenAPI `/matches/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_]\w*)/g, "{$1}");

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const s = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  delete s.$schema;
  return s;
}

function parameters(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [["path", spec.params], ["query", spec.query]] as const) {
    if (!schema) continue;
    const js = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
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
  for (const spec of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, r] of Object.entries(implicitResponses(spec))) {
      responses[status] = r.schema
        ? { description: r.description, content: { "application/json": { schema: toSchema(r.schema, "output") } } }
        : { description: r.description };
    }
    const op: JsonSchema = {
      operationId: `${spec.method}${openApiPath(spec.path).replace(/[{}]/g, "").split(/[/-]/).map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("")}`,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      ...(SECURITY[spec.access] ? { security: SECURITY[spec.access] } : {}),
      "x-access": spec.access,
      parameters: parameters(spec),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(spec.body, "input") } } } } : {}),
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
        "Errors are `{ error: { code, message } }` except the Baloot-app shapes of /stats, /leaderboard and /game-result.",
    },
    tags: [
      { name: "auth", description: "Accounts and sessions" },
      { name: "stats", description: "Stats and league points" },
      { name: "matches", description: "History, box scores, replays" },
      { name: "admin", description: "Administration" },
    ],
    components: {
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
