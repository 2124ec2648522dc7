import type { Config } from "../../platform/config.js";
import { joinOptions } from "../protocol.js";
import { describeOptionIssues, joinError, requestingUser } from "./admission.js";
import { checkReservedCapacity, checkRoomLimit } from "./capacity.js";
import type { StoredRoomState } from "./resume.js";
import { resumeSourceFor, type ResumeSource } from "./revival.js";
import { resolveSettings, type TableRoomOptions, type TableSettings } from "./settings.js";

/** What a new table is, read from its creation options (or, for a revival, from what was stored). */
export interface TableSetup<Options> {
  /** A revival (issue 12): the match claimed for this process and the stored room state. */
  source: ResumeSource | null;
  stored: StoredRoomState | null;
  settings: TableSettings;
  /** The game's options, checked by the game (BAD_OPTIONS otherwise). */
  options: Options;
  /** NODE_ENV=test: tests may stack the deck and choose the seed. */
  testHooks: boolean;
  /** The server seed to deal from when it is not a fresh one: the stored one, or a test's. */
  seed: string | null;
}

/**
 * The first step of a table's creation: the room limit, the join options (BAD_OPTIONS with each
 * issue named), a revival's stored state, the settings, the game's options, the seed, and the
 * reserved capacity for a new table. Throws the join error a client gets; changes nothing.
 */
export async function readTableSetup<Options>(
  rawOptions: unknown,
  roomName: string,
  config: Config,
  defaults: TableRoomOptions,
  /** The game's check of its options; it learns the table's settings first (a game's options may depend on the mode). */
  gameOptions: (settings: TableSettings, raw: Record<string, unknown> | undefined, testHooks: boolean) => Options,
): Promise<TableSetup<Options>> {
  checkRoomLimit(config);
  const parsed = joinOptions.safeParse(rawOptions ?? {});
  if (!parsed.success) throw joinError("BAD_OPTIONS", describeOptionIssues(parsed.error));
  const joined = parsed.data;
  const { source, stored } = await resumeSourceFor(rawOptions, roomName, (o) => resolveSettings(o, defaults, config));
  const settings = stored?.settings ?? resolveSettings(joined, defaults, config);
  const testHooks = config.env === "test";
  let options: Options;
  try {
    options = stored ? (stored.setupOptions as Options) : gameOptions(settings, settings.mode === "quick" ? undefined : joined.game, testHooks);
  } catch (err) {
    throw joinError("BAD_OPTIONS", describeOptionIssues(err, "game"));
  }
  if (!stored) await checkReservedCapacity(config, requestingUser(rawOptions));
  const seed = stored ? stored.serverSeed : testHooks && joined.seed ? joined.seed : null;
  return { source, stored, settings, options, testHooks, seed };
}
