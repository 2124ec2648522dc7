import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { deprecated, type DeprecationInfo } from "./deprecation.js";

/**
 * One place that says what a route accepts and returns. `mount` validates requests with these
 * zod schemas before the handler runs; openapi.ts turns the very same objects into the
 * OpenAPI document, so the docs cannot drift from what the code checks.
 */

export type Method = "get" | "post" | "put" | "patch" | "delete";
/** Who may call: anyone, any signed-in user, an admin, or an admin/trusted service. */
export type Access = "public" | "user" | "admin" | "service";

export const errorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: "Error", description: "Every error except the legacy Baloot-app shapes" });

export interface ResponseSpec {
  description: string;
  /** Omitted for empty bodies (204). */
  schema?: z.ZodType;
  /** Non-JSON bodies (e.g. Prometheus text); documented as a string of this type. */
  contentType?: string;
}

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express path, e.g. /matches/:id */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Rate-limited routes document their 429. */
  rateLimited?: boolean;
  /** false for routes that never touch the database (so never answer 503 DATABASE_UNAVAILABLE). */
  database?: false;
  /** Superseded routes: every response carries Deprecation (and Sunset, Link) headers. */
  deprecated?: DeprecationInfo;
  responses: Record<number, ResponseSpec>;
}

export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface Input<S extends RouteSpec> {
  params: Out<Exclude<S["params"], undefined>>;
  query: Out<Exclude<S["query"], undefined>>;
  body: Out<Exclude<S["body"], undefined>>;
}

/** What a handler returns: a documented status and its body (sent as JSON unless undefined). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler<S extends RouteSpec> = (input: Input<S>, req: Request, res: Response) => Promise<Reply> | Reply;

/** Responses every route may give besides its own, added to the document automatically. */
export function implicitResponses(spec: RouteSpec): Record<number, ResponseSpec> {
  const extra: Record<number, ResponseSpec> = {};
  if (spec.params || spec.query || spec.body) extra[400] = { description: "Invalid request (VALIDATION_FAILED, MALFORMED_JSON)", schema: errorBody };
  if (spec.access !== "public") extra[401] = { description: "Missing, expired or invalid access token", schema: errorBody };
  if (spec.access === "admin" || spec.access === "service") extra[403] = { description: "Not allowed for this user", schema: errorBody };
  // express.json() refuses larger bodies before any route runs.
  if (spec.body) extra[413] = { description: "Body over 64 KB (PAYLOAD_TOO_LARGE)", schema: errorBody };
  if (spec.rateLimited) extra[429] = { description: "Too many requests; see Retry-After", schema: errorBody };
  // Admin routes accept HTTP Basic, whose wrong guesses are limited per address (app.ts).
  else if (spec.access === "admin") extra[429] = { description: "Too many failed HTTP Basic admin logins from this address; see Retry-After", schema: errorBody };
  extra[500] = { description: "Unexpected server error", schema: errorBody };
  // Token checks and the routes themselves ask the database; with it away they answer 503 fast.
  if (spec.database !== false) {
    extra[503] = { description: "The database is not answering (DATABASE_UNAVAILABLE); see Retry-After", schema: errorBody };
  }
  return { ...extra, ...spec.responses };
}

/** Mounts `handler` for `spec` on `router` behind `guards` (auth middleware), validating input first. */
export function mount<S extends RouteSpec>(router: Router, spec: S, guards: RequestHandler[], handler: Handler<S>): void {
  const before = spec.deprecated ? [deprecated(spec.deprecated), ...guards] : guards;
  router[spec.method](spec.path, ...before, async (req: Request, res: Response) => {
    // parse() throws ZodError, which the app's error handler turns into 400 VALIDATION_FAILED.
    const input = {
      params: spec.params ? spec.params.parse(req.params) : undefined,
      query: spec.query ? spec.query.parse(req.query) : undefined,
      body: spec.body ? spec.body.parse(req.body ?? {}) : undefined,
    } as Input<S>;
    const reply = await handler(input, req, res);
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    if (reply.body === undefined) res.status(reply.status).end();
    else res.status(reply.status).json(reply.body);
  });
}

/** Common pieces. */
export const uuidParam = z.object({ id: z.uuid() });
export const paging = (defaultLimit: number, maxLimit: number) =>
  z.object({
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  });
export const isoDate = z.string().meta({ format: "date-time" });
