import { ErrorCode, ServerError, matchMaker } from "@colyseus/core";
import { ENDED_ROOMS_PREFIX } from "../services/tableDirectory.js";
import { JOIN_ERROR_STATUS } from "./protocol.js";

type Controller = {
  invokeMethod(method: string, roomNameOrId: string, clientOptions?: unknown, authOptions?: unknown): Promise<unknown>;
};

let installed = false;

/**
 * A reconnection or join-by-id to a table whose game is over and whose room is gone would get
 * Colyseus's generic "room not found". Tables remember their end in presence (shared by all
 * processes), so the client is told plainly: `GAME_ENDED: this game has ended`.
 */
export function installGameEndedErrors(): void {
  if (installed) return;
  installed = true;
  const controller = matchMaker.controller as unknown as Controller;
  const original = controller.invokeMethod.bind(controller);
  controller.invokeMethod = async (method, roomNameOrId, clientOptions, authOptions) => {
    try {
      return await original(method, roomNameOrId, clientOptions, authOptions);
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
    }
  };
}
