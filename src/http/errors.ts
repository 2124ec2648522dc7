import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/errors.js";

/** An error with an HTTP status and a stable machine-readable code: `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "NOT_FOUND", `no route for ${req.method} ${req.path}`));
};

/** Last middleware: every error becomes JSON; unexpected ones are logged and hidden from clients. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof HttpError) {
    for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
    res.status(err.status).json({ error: { code: err.code, message: err.message } });
    return;
  }
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
    res.status(400).json({ error: { code: "VALIDATION_FAILED", message } });
    return;
  }
  // Last line of defence behind validation.ts: text the database cannot store is the client's fault.
  const dbCode = (err as { code?: unknown }).code;
  if (dbCode === "22021" || dbCode === "22P05") {
    res.status(400).json({ error: { code: "VALIDATION_FAILED", message: "a text field contains a character that cannot be stored (e.g. \\u0000)" } });
    return;
  }
  // body-parser errors carry a status and a type (malformed JSON, body too large).
  const e = err as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e.status ?? e.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = e.type === "entity.parse.failed" ? "MALFORMED_JSON" : e.type === "entity.too.large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST";
    res.status(status).json({ error: { code, message: e.message ?? "bad request" } });
    return;
  }
  // The database does not answer (timeouts, connection refused): say so, quickly (issue 8 item 14).
  if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err: err instanceof Error ? err.message : String(err) }, "database unavailable");
    res.setHeader("Retry-After", "5");
    res.status(503).json({ error: { code: "DATABASE_UNAVAILABLE", message: "the database is not answering; try again shortly" } });
    return;
  }
  req.log?.error({ err }, "unhandled error in HTTP route");
  res.status(500).json({ error: { code: "INTERNAL", message: "internal server error" } });
};
