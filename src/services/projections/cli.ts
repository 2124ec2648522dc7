import type { Db } from "../../db/database.js";
import { allProjections, Projector, UnknownProjectionError } from "./index.js";

/**
 * `npm run projections -- <command>` (scripts/projections.ts runs this; the tests call it too):
 *   list            the projections and what each maintains
 *   status          each projection's checkpoint and how many logged matches it has not applied
 *   catch-up [NAME] apply what is pending (all projections, or NAME)
 *   rebuild NAME    throw NAME's data away and apply the whole log again (one transaction)
 * Returns the exit status: 0 done, 2 bad usage or unknown projection.
 */
export const USAGE = "usage: npm run projections -- list | status | catch-up [NAME] | rebuild NAME";

export async function runProjectionsCommand(db: Db, args: readonly string[], out: (line: string) => void): Promise<number> {
  const projector = new Projector(db, allProjections());
  const [command, name, ...rest] = args;
  try {
    if (command === "list" && name === undefined) {
      for (const p of allProjections()) out(`${p.name.padEnd(12)} ${p.description}`);
      return 0;
    }
    if (command === "status" && name === undefined) {
      for (const s of await projector.status()) {
        const when = s.updatedAt ? s.updatedAt.toISOString() : "never";
        const rebuilt = s.rebuiltAt ? `, rebuilt ${s.rebuiltAt.toISOString()}` : "";
        out(`${s.name.padEnd(12)} position ${s.position}, behind ${s.behind} (updated ${when}${rebuilt})`);
      }
      return 0;
    }
    if (command === "catch-up" && rest.length === 0) {
      const done = await projector.catchUp(name === undefined ? projector.names : [name]);
      for (const [n, k] of Object.entries(done)) out(`${n}: applied ${k} logged matches`);
      return 0;
    }
    if (command === "rebuild" && name !== undefined && rest.length === 0) {
      const started = Date.now();
      const k = await projector.rebuild(name);
      out(`${name}: rebuilt from ${k} logged matches in ${Date.now() - started} ms`);
      return 0;
    }
    out(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof UnknownProjectionError) {
      out(err.message);
      return 2;
    }
    throw err;
  }
}
