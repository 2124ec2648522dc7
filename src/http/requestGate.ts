import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { matchMaker } from "@colyseus/core";
import { TableBusy, reviveTable } from "../rooms/table/revival.js";
import { startRequestSpan } from "../platform/tracing.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import { TokenError, type TokenService } from "../services/tokens.js";
import { findNul } from "./validation.js";

/**
 * The first thing every HTTP request meets, in front of Colyseus's own router and Express:
 * - CORS by one policy for the whole port (issue 8, item 19): `CORS_ORIGINS=*` allows any
 *   origin without credentials; credentials only for listed origins; never CORS on /monitor;
 * - matchmaking (POST /matchmake/…) is authenticated before its body is read, and the body is
 *   capped like the API's (64 KB) instead of Colyseus reading it whole (item 12);
 * - `joinById` (and `reconnect`) of a table no process holds loads it again first, same room id
 *   (issue 12 §2: on-demand revival, src/rooms/table/revival.ts).
 */

export const MAX_BODY_BYTES = 64 * 1024;

export interface GateOptions {
  tokens: TokenService;
  corsOrigins: "*" | string[];
  maxBodyBytes?: number;
  /** Told about every refused matchmaking token (the assembly audits it like a room's onAuth). */
  onRejected?: (rejection: { ip: string | null; reason: string }) => void;
}

const ALLOW_HEADERS = "Authorization, Content-Type, X-Request-Id";
const ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/** The CORS headers a response gets for this request (none for /monitor or unlisted origins). */
export function corsHeadersFor(origin: string | undefined, path: string, origins: "*" | string[]): Record<string, string> {
  if (path === "/monitor" || path.startsWith("/monitor/")) return {};
  const common = { "Access-Control-Allow-Headers": ALLOW_HEADERS, "Access-Control-Allow-Methods": ALLOW_METHODS, "Access-Control-Max-Age": "600" };
  // Bearer tokens travel in a header, which needs no credentials mode: "*" never sends cookies.
  if (origins === "*") return { ...common, "Access-Control-Allow-Origin": "*" };
  const vary = { Vary: "Origin" };
  if (!origin || !origins.includes(origin)) return vary;
  return { ...common, ...vary, "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" };
}

/** Colyseus adds its own permissive CORS headers (with credentials) to every response: turn them off. */
export function disableColyseusCors(): void {
  const controller = matchMaker.controller as { DEFAULT_CORS_HEADERS: Record<string, string>; getCorsHeaders(headers: Headers): Record<string, string> };
  controller.DEFAULT_CORS_HEADERS = {};
  controller.getCorsHeaders = () => ({});
}

/**
 * Matchmaking answers in Colyseus's error shape, which the SDKs read (`MatchMakeError(error, code)`),
 * with the same "CODE: message" text the rooms use for refused joins.
 */
function sendError(res: ServerResponse, status: number, code: string, message: string, close = false): void {
  const body = JSON.stringify({ code: status, error: `${code}: ${message}` });
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  if (status === 401) headers["www-authenticate"] = "Bearer";
  if (close) headers.connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(" ", 2);
  return scheme?.toLowerCase() === "bearer" && value ? value : undefined;
}

class BodyTooLarge extends Error {}

/** Reads at most `max` bytes; beyond that rejects without buffering the rest. */
function readCapped(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (err) => {
      if (!done) reject(err);
    });
  });
}

async function verify(req: IncomingMessage, token: unknown, res: ServerResponse, options: GateOptions): Promise<boolean> {
  try {
    await options.tokens.verifyAccessToken(token);
    return true;
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    options.onRejected?.({ ip: req.socket.remoteAddress ?? null, reason: err.code });
    // The same code and text a room's onAuth gives for a refused token.
    sendError(res, 401, "AUTH_FAILED", err.message, true);
    return false;
  }
}

/**
 * Checks a matchmaking request; on success `req.body` holds the parsed options (Colyseus then
 * uses them instead of reading the stream). Returns false when it has answered the request.
 */
async function admitMatchmaking(req: IncomingMessage & { body?: unknown }, res: ServerResponse, path: string, options: GateOptions): Promise<boolean> {
  const max = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const tooLarge = () => {
    sendError(res, 413, "PAYLOAD_TOO_LARGE", `matchmaking request bodies are limited to ${max} bytes`, true);
    res.on("finish", () => req.destroy());
  };
  if (Number(req.headers["content-length"] ?? 0) > max) {
    tooLarge();
    return false;
  }
  // The reconnection token in the body is the credential of `reconnect`; everything else needs
  // an access token, checked before the body is read when it comes in the header.
  const needsToken = !path.startsWith("/matchmake/reconnect/");
  const headerToken = bearer(req);
  if (needsToken && headerToken !== undefined && !(await verify(req, headerToken, res, options))) {
    res.on("finish", () => req.destroy());
    return false;
  }
  let raw: string;
  try {
    raw = await readCapped(req, max);
  } catch (err) {
    if (err instanceof BodyTooLarge) tooLarge();
    else sendError(res, 400, "BAD_REQUEST", "could not read the request body", true);
    return false;
  }
  let body: unknown;
  try {
    body = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    sendError(res, 400, "MALFORMED_JSON", "the matchmaking body is not valid JSON");
    return false;
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    sendError(res, 400, "BAD_OPTIONS", "the matchmaking body must be a JSON object of options");
    return false;
  }
  const nul = findNul(body, "options");
  if (nul) {
    sendError(res, 400, "BAD_OPTIONS", `${nul}: must not contain the NUL character (\\u0000)`);
    return false;
  }
  // Clients that cannot set the header pass the token as an option (documented fallback).
  if (needsToken && headerToken === undefined && !(await verify(req, (body as { token?: unknown }).token, res, options))) return false;
  req.body = body;
  return true;
}

const REVIVABLE = /^\/matchmake\/(?:joinById|reconnect)\/([A-Za-z0-9_-]{1,64})$/;

/**
 * `joinById`/`reconnect` of a room that is not loaded anywhere: a paused or interrupted table is
 * loaded again (same room id) before Colyseus looks the room up. Returns false when it answered.
 */
async function reviveIfUnloaded(res: ServerResponse, path: string): Promise<boolean> {
  const roomId = REVIVABLE.exec(path)?.[1];
  if (!roomId) return true;
  try {
    await reviveTable(roomId);
  } catch (err) {
    if (err instanceof TableBusy) {
      sendError(res, 503, "TABLE_BUSY", err.message);
      return false;
    }
    // Not revivable now: Colyseus answers as for any unknown room.
  }
  return true;
}

/** Wraps the server's request listeners (call after Colyseus has bound its routes). */
export function installRequestGate(server: Server, options: GateOptions): void {
  const listeners = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  const pass = (req: IncomingMessage, res: ServerResponse) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
    for (const [k, v] of Object.entries(corsHeadersFor(origin, path, options.corsOrigins))) res.setHeader(k, v);
    if (req.method === "OPTIONS") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === "POST" && path.startsWith("/matchmake/")) {
      admitMatchmaking(req, res, path, options)
        .then(async (ok) => ok && (await reviveIfUnloaded(res, path)))
        .then(
        (ok) => {
          if (ok) pass(req, res);
        },
        (err: unknown) => {
          if (res.headersSent) return;
          // The token check or the revival could not reach the database in time: a retryable 503,
          // as the HTTP API answers (never a 500 for an outage or an overloaded database).
          if (isDatabaseUnavailable(err)) sendError(res, 503, "DATABASE_UNAVAILABLE", "the database did not answer in time; retry shortly");
          else sendError(res, 500, "INTERNAL", "internal server error");
        },
      );
      return;
    }
    pass(req, res);
  };
  // Every request's server span starts here, before CORS, matchmaking or Express (tracing on).
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const span = startRequestSpan(req, res);
    if (span) span.run(() => handle(req, res));
    else handle(req, res);
  });
}
