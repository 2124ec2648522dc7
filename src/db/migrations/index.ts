import type { Migration } from "kysely";
import * as m0001 from "./0001_initial.js";
import * as m0002 from "./0002_accounts_results.js";
import * as m0003 from "./0003_token_versions.js";
import * as m0004 from "./0004_durability.js";
import * as m0005 from "./0005_fairness_profiles.js";
import * as m0006 from "./0006_baseball_stats.js";
import * as m0007 from "./0007_decks.js";
import * as m0008 from "./0008_fair_chain.js";
import * as m0009 from "./0009_tables.js";
import * as m0010 from "./0010_projections.js";
import * as m0012 from "./0012_action_ids.js";

/**
 * Every migration, in order. Names sort lexically; never rename or edit a shipped one.
 * Kept in code (not read from disk) so the built server and the tests run the same list.
 */
export const migrations: Record<string, Migration> = {
  "0001_initial": m0001,
  "0002_accounts_results": m0002,
  "0003_token_versions": m0003,
  "0004_durability": m0004,
  "0005_fairness_profiles": m0005,
  "0006_baseball_stats": m0006,
  "0007_decks": m0007,
  "0008_fair_chain": m0008,
  "0009_tables": m0009,
  "0010_projections": m0010,
  "0012_action_ids": m0012,
};
