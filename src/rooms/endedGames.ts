import { ErrorCode, ServerError, matchMaker } from "@colyseus/core";
import { ENDED_ROOMS_PREFIX } from "../services/tableDirectory.js";
import { JOIN_ERROR_STATUS } from "./protocol.js";
import { REQUEST_KEY, tableHoldings, type MatchmakingRequest } from "./table/holdings.js";

type Controller = {
  invokeMethod(method: string, roomNameOrId: string, clientOptions?: unknown, authOptions?: unknown): Promise<unknown>;
};

let installed = false;

/**
 * Wraps Colyseus's matchmaking entry point (every `POST /matchmake/:method/:room`):
 *
 * - It tells the room's `onAuth` which method and room the request is for (`diwanRequest` in
 *   the options, always overwritten here, never trusted from the client), records the seat
 *   reservation in the user's holdings (see table/holdings.ts) and releases the user's
 *   one-request-at-a-time claim when the request is answered.
 * - A reconnection or join-by-id to a table whose game is over and whose room is gone would get
 *   Colyseus's generic "room not found". Tables remember their end in presence (shared by all
 *   processes), so the client is told plainly: `GAME_ENDED: this game has ended`.
 */
export function installMatchmakingGuards(): void {
  if (installed) return;
  installed = true;
  const controller = matchMaker.controller as unknown as Controller;
  const original = controller.invokeMethod.bind(controller);
  controller.invokeMethod = async (method, roomNameOrId, clientOptions, authOptions) => {
    const options = (clientOptions && typeof clientOptions === "object" ? clientOptions : {}) as Record<string, unknown>;
    const byId = method === "joinById" || method === "reconnect";
    const request: MatchmakingRequest = byId ? { method, roomId: roomNameOrId } : { method, roomName: roomNameOrId };
    options[REQUEST_KEY] = request;
    try {
      const reservation = (await original(method, roomNameOrId, options, authOptions)) as { roomId?: string } | undefined;
      if (request.userId && reservation?.roomId && method !== "reconnect") {
        await tableHoldings()
          .reserved(request.userId, reservation.roomId)
          .catch(() => {});
      }
      return reservation;
    } catch (err) {
      const code = (err as { code?: number }).code;
      const notFound = code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID || code === ErrorCode.MATCHMAKE_EXPIRED;
      if ((method === "reconnect" || method === "joinById") && notFound) {
        // LocalPresence answers synchronously, RedisPresence with a promise: normalise both.
        const ended = await Promise.resolve()
          .then(() => matchMaker.presence.get(`${ENDED_ROOMS_PREFIX}${roomNameOrId}`))
          .catch(() => null);
        if (ended) throw new ServerError(JOIN_ERROR_STATUS.GAME_ENDED ?? 410, "GAME_ENDED: this game has ended");
      }
      throw err;
    } finally {
      if (request.claimed && request.userId) {
        await tableHoldings()
          .release(request.userId)
          .catch(() => {});
      }
    }
  };
}

/** The name the platform assembly installs it by (it first only rewrote ended-game errors). */
export const installGameEndedErrors = installMatchmakingGuards;
