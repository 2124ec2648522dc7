import type { Migration } from "kysely";
import * as m0001 from "./0001_initial.js";

/**
 * Every migration, in order. Names sort lexically; never rename or edit a shipped one.
 * Kept in code (not read from disk) so the built server and the tests run the same list.
 */
export const migrations: Record<string, Migration> = {
  "0001_initial": m0001,
};
