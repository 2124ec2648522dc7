import { matchMaker } from "@colyseus/core";
import type { Metrics } from "./metrics.js";
import { traced } from "./tracing.js";

/**
 * Matchmaking requests are served by Colyseus's own router, not Express: they are measured (and
 * traced as `matchmaking.<method>`, inside the request's span, with the room's onAuth and onCreate
 * inside) where every one of them passes, the matchmaking controller's invokeMethod.
 */

type InvokeMethod = (method: string, roomName: string, clientOptions?: unknown, authOptions?: unknown) => Promise<unknown>;

/** The methods Colyseus serves; anything else is refused by it and counted as "other". */
const METHODS = new Set(["joinOrCreate", "create", "join", "joinById", "reconnect"]);

let current: Pick<Metrics, "matchmakeDuration"> | undefined;
let installed = false;

/**
 * Measure and trace matchmaking for this server's metrics. The controller is one per process:
 * it is wrapped once; a later server (tests) only points the wrapper at its own metrics.
 * Call after any other wrapper of invokeMethod (e.g. the Redis guard) so refusals are counted too.
 */
export function instrumentMatchmaking(metrics: Pick<Metrics, "matchmakeDuration"> | undefined): void {
  current = metrics;
  if (installed) return;
  installed = true;
  const controller = matchMaker.controller as unknown as { invokeMethod: InvokeMethod };
  const original = controller.invokeMethod.bind(controller);
  controller.invokeMethod = (method, roomName, clientOptions, authOptions) => {
    const label = METHODS.has(method) ? method : "other";
    const end = current?.matchmakeDuration.startTimer({ method: label });
    return traced(`matchmaking.${label}`, { "diwan.room.name": roomName }, () => original(method, roomName, clientOptions, authOptions)).then(
      (result) => {
        end?.({ status: "200" });
        return result;
      },
      (err: unknown) => {
        const code = (err as { code?: unknown }).code;
        end?.({ status: typeof code === "number" && code >= 400 && code < 600 ? String(code) : "500" });
        throw err;
      },
    );
  };
}
