import { sql, type QueryCreator } from "kysely";
import type { Database } from "../db/tables.js";

/**
 * One lock order for match rows: every transaction that updates SEVERAL match rows (the batched
 * writer, lease renewal, the expired-lease and abandon sweeps) locks them first in match-id order.
 * A multi-row UPDATE otherwise locks rows in its plan's order (the writer's: its batch order;
 * the renewal's: the heap's), and two such transactions over the same matches could each hold a
 * row the other waits for: Postgres's "deadlock detected" (docs/CAPACITY.md, sixth round).
 * FOR NO KEY UPDATE is the lock those UPDATEs take anyway (no key column changes), so it blocks
 * no more than they do (not the foreign-key checks of concurrent entry inserts).
 */

/** Match rows locked in id order; the caller adds the conditions (a sub-query, or a statement alone). */
export function matchesLockedInIdOrder(db: QueryCreator<Database>) {
  return db.selectFrom("matches").select("matches.id").orderBy("matches.id").forNoKeyUpdate();
}

/** These matches' rows, locked in id order. */
export function lockMatchRows(db: QueryCreator<Database>, matchIds: readonly string[]) {
  return matchesLockedInIdOrder(db).where("matches.id", "=", sql<string>`any(${[...matchIds]}::uuid[])`);
}
