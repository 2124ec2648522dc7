import { ServerError, type AuthContext } from "@colyseus/core";
import type { TableState } from "../../schema/TableState.js";
import { TokenError, type AccessClaims } from "../../services/tokens.js";
import { roomServices } from "../context.js";
import { JOIN_ERROR_STATUS, joinOptions, type JoinOptions } from "../protocol.js";
import type { Seats } from "./seats.js";

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
  return claims;
}

export interface TableFacts {
  state: TableState;
  seats: Seats;
  ranked: boolean;
  mode: "quick" | "bots" | "private";
}

/**
 * Who may take a seat or watch (Colyseus skips the instance onAuth when the static one is
 * defined, so onJoin calls this first; throwing refuses the join with the error's message).
 */
export function checkAdmission(table: TableFacts, claims: AccessClaims, options: JoinOptions): void {
  const { state, seats } = table;
  if (state.status === "finished") throw joinError("GAME_ENDED", "this game has ended");
  if (options.spectate) return;
  if (table.ranked && claims.guest) throw joinError("GUEST_NOT_ALLOWED", "ranked tables need a registered account");
  if (seats.ofUser(claims.sub)) return; // coming back to his seat
  if (table.mode === "private" && seats.anyUser() && options.joinCode !== state.joinCode) {
    throw joinError("BAD_JOIN_CODE", "this private table needs its join code");
  }
  if (state.status !== "waiting") throw joinError("ALREADY_STARTED", "the match has started; you can spectate");
  if (!seats.hasFreeSeat()) throw joinError("TABLE_FULL", "all seats are taken");
}
