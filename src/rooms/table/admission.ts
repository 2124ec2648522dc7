import { ServerError, matchMaker, type AuthContext } from "@colyseus/core";
import { ZodError } from "zod";
import type { TableState } from "../../schema/TableState.js";
import { TokenError, type AccessClaims } from "../../services/tokens.js";
import { roomServices } from "../context.js";
import { JOIN_ERROR_STATUS, joinOptions, type JoinOptions } from "../protocol.js";
import { normaliseJoinCode } from "../../services/tableDirectory.js";
import type { Seats } from "./seats.js";
import { MAX_TABLES_PER_USER, REQUEST_KEY, RESERVATION_SECONDS, tableHoldings, type MatchmakingRequest } from "./holdings.js";

/** A join refusal: travels to the client as HTTP status + `CODE: message`. */
export function joinError(code: keyof typeof JOIN_ERROR_STATUS, message: string): ServerError {
  return new ServerError(JOIN_ERROR_STATUS[code] ?? 400, `${code}: ${message}`);
}

/**
 * Matchmaking-time authentication (runs in the matchmaking process before a room is created or
 * a seat reserved): a valid access token, and the per-user table creation limit.
 */
export async function authenticateJoin(token: string, rawOptions: unknown, context: AuthContext): Promise<AccessClaims> {
  const services = roomServices();
  const options = joinOptions.safeParse(rawOptions ?? {});
  const candidate = token || (options.success ? options.data.token : undefined);
  let claims: AccessClaims;
  try {
    claims = await services.tokens.verifyAccessToken(candidate);
  } catch (err) {
    const reason = err instanceof TokenError ? err.code : "TOKEN_INVALID";
    services.audit.record({ kind: "room.auth_rejected", ip: context?.ip ?? null, detail: { reason } });
    throw joinError("AUTH_FAILED", err instanceof Error ? err.message : "invalid token");
  }
  // vs-bots and private tables are always new tables: limit how fast one user opens them.
  const mode = options.success ? options.data.mode : undefined;
  if ((mode === "bots" || mode === "private") && services.tableCreationLimiter) {
    const verdict = await services.tableCreationLimiter.take(claims.sub);
    if (!verdict.ok) {
      throw joinError("RATE_LIMITED", `too many new tables; try again in ${verdict.retryAfterS} s`);
    }
  }
  // Refusals known before a seat is reserved are answered here, on the matchmaking request,
  // rather than by closing the WebSocket after it opened.
  const spectate = options.success && options.data.spectate === true;
  const request = matchmakingRequest(rawOptions);
  if (request?.roomName && claims.guest && !spectate && isRankedRoomType(request.roomName)) {
    throw joinError("GUEST_NOT_ALLOWED", "ranked tables need a registered account");
  }
  if (request?.method === "joinById" && request.roomId && options.success) {
    const verdict = (await matchMaker.remoteRoomCall(request.roomId, "checkJoin", [claims, options.data]).catch(() => null)) as JoinVerdict | null;
    if (verdict && !verdict.ok) throw joinError(verdict.code as keyof typeof JOIN_ERROR_STATUS, verdict.message);
  }
  if (!spectate) await enforceHoldings(claims.sub, rawOptions);
  return claims;
}

/** A table's answer to "may this user join (or watch) with these options?". */
export type JoinVerdict = { ok: true } | { ok: false; code: string; message: string };

/** `checkAdmission` as a value (it can cross processes), for the matchmaking-time check. */
export function admissionVerdict(table: TableFacts, claims: AccessClaims, options: JoinOptions): JoinVerdict {
  try {
    checkAdmission(table, claims, options);
    return { ok: true };
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const at = text.indexOf(": ");
    return at > 0 ? { ok: false, code: text.slice(0, at), message: text.slice(at + 2) } : { ok: false, code: "BAD_OPTIONS", message: text };
  }
}

/** Whether a registered room type plays ranked tables (its class says so). */
function isRankedRoomType(roomName: string): boolean {
  try {
    const prototype = matchMaker.getRoomClass(roomName)?.prototype as unknown as { defaultTableOptions?(): { ranked?: boolean } } | undefined;
    return prototype?.defaultTableOptions?.().ranked === true;
  } catch {
    return false;
  }
}

function matchmakingRequest(rawOptions: unknown): MatchmakingRequest | undefined {
  const request = (rawOptions as Record<string, unknown> | undefined)?.[REQUEST_KEY];
  return request && typeof request === "object" ? (request as MatchmakingRequest) : undefined;
}

/**
 * One matchmaking request per user at a time; no new table or seat while a reservation of his
 * is unused; at most MAX_TABLES_PER_USER tables (coming back to one he holds is always fine).
 * Only for requests that came through the matchmaking guard (it marks them and releases).
 */
async function enforceHoldings(userId: string, rawOptions: unknown): Promise<void> {
  const request = matchmakingRequest(rawOptions);
  if (!request || request.claimed) return;
  const book = tableHoldings();
  request.userId = userId;
  if (!(await book.claim(userId))) throw joinError("TABLE_LIMIT", "another table request of yours is still being answered; try again in a moment");
  request.claimed = true;
  const held = await book.current(userId);
  if (request.roomId && held.tables.includes(request.roomId)) return;
  if (held.reservations.length > 0) {
    throw joinError("TABLE_LIMIT", `you have a seat reserved at another table; join it or wait ${RESERVATION_SECONDS} s`);
  }
  if (held.tables.length >= MAX_TABLES_PER_USER) {
    throw joinError("TABLE_LIMIT", `you already hold ${held.tables.length} tables (at most ${MAX_TABLES_PER_USER}); leave one first`);
  }
}

/** The user a matchmaking request is for (set by onAuth), as the room sees it in its options. */
export function requestingUser(rawOptions: unknown): string | undefined {
  const request = matchmakingRequest(rawOptions);
  return typeof request?.userId === "string" ? request.userId : undefined;
}

export interface TableFacts {
  state: TableState;
  /** The private table's join code ("" for other tables). */
  joinCode: string;
  seats: Seats;
  ranked: boolean;
  mode: "quick" | "bots" | "private";
  /** Tables seated by invitation: who may take a seat (instead of the join code). */
  invitation?: { admits(userId: string): boolean } | null;
}

/**
 * Who may take a seat or watch (Colyseus skips the instance onAuth when the static one is
 * defined, so onJoin calls this first; throwing refuses the join with the error's message).
 */
export function checkAdmission(table: TableFacts, claims: AccessClaims, options: JoinOptions): void {
  const { state, seats } = table;
  if (state.status === "finished") throw joinError("GAME_ENDED", "this game has ended");
  const member = seats.wasSeated(claims.sub);
  const hasCode = options.joinCode !== undefined && normaliseJoinCode(options.joinCode) === table.joinCode;
  if (options.spectate) {
    // A private table is watched only by its members or by those its players gave the code.
    if (table.mode === "private" && !member && !hasCode) throw joinError("BAD_JOIN_CODE", "watching a private table needs its join code");
    return;
  }
  if (table.ranked && claims.guest) throw joinError("GUEST_NOT_ALLOWED", "ranked tables need a registered account");
  if (seats.ofUser(claims.sub)) return; // coming back to his seat
  if (table.invitation) {
    if (!table.invitation.admits(claims.sub)) throw joinError("NOT_INVITED", "this table is for its invited players only");
  } else if (table.mode === "private" && seats.anyUser() && !hasCode) {
    throw joinError("BAD_JOIN_CODE", "this private table needs its join code");
  }
  if (state.status !== "waiting") throw joinError("ALREADY_STARTED", "the match has started; you can spectate");
  if (!seats.hasFreeSeat()) throw joinError("TABLE_FULL", "all seats are taken");
}

/**
 * One line per refused option set: each issue as `path: why` (e.g. `game.profile: invalid
 * option: expected one of "SAUDI_DEFAULT"|"KAMMELNA_LIKE"`), joined by "; ". `prefix` names the
 * object the issues' paths are relative to ("game" for a game's own options).
 */
export function describeOptionIssues(err: unknown, prefix?: string): string {
  if (err instanceof ZodError) {
    return err.issues
      .map((issue) => {
        const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
        const keys = "keys" in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(", ")})` : "";
        return `${path || "options"}: ${issue.message}${keys}`.replace(/\s+/g, " ");
      })
      .join("; ");
  }
  const message = err instanceof Error ? err.message : String(err);
  // An engine message that starts with the key it refuses ("overrides.scoring.tie: …") gets the
  // same dotted path as a schema issue; any other message is prefixed with the object's name.
  const joined = !prefix ? message : /^[A-Za-z_][\w.]*: /.test(message) ? `${prefix}.${message}` : `${prefix}: ${message}`;
  return joined.replace(/\s+/g, " ");
}
