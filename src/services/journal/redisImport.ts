import type { Redis } from "ioredis";
import type { Logger } from "../../platform/logger.js";
import type { MatchStore } from "../matchStore.js";
import { importMatches, type ImportReport, type JournaledMatch } from "./importer.js";
import { parseEntry, parseStart, type SerialisedEntry, type SerialisedStart } from "./journal.js";
import { JOURNAL_STARTS_KEY, journalOwnerKey, journalStreamKey } from "./redisJournal.js";

/**
 * Import the Redis journals of processes whose owner key lapsed (crashed, or shut down with the
 * database away), then delete them. Safe to run from every process at once: a short lock per
 * match lets one of them do it, and the (match_id, seq) key makes a repeated import a no-op.
 */
export async function importRedisJournals(redis: Redis, store: MatchStore, logger: Logger): Promise<ImportReport | null> {
  const starts = await redis.hgetall(JOURNAL_STARTS_KEY);
  const owners = new Map<string, boolean>();
  const matches: JournaledMatch[] = [];
  const locks: string[] = [];
  for (const [matchId, raw] of Object.entries(starts)) {
    let parsed: { owner: string; start: SerialisedStart };
    try {
      parsed = JSON.parse(raw) as { owner: string; start: SerialisedStart };
    } catch {
      await redis.hdel(JOURNAL_STARTS_KEY, matchId);
      continue;
    }
    if (!owners.has(parsed.owner)) owners.set(parsed.owner, (await redis.exists(journalOwnerKey(parsed.owner))) === 1);
    if (owners.get(parsed.owner)) continue;
    const lock = `diwan:journal:importing:${matchId}`;
    if ((await redis.set(lock, "1", "PX", 60_000, "NX")) !== "OK") continue;
    locks.push(lock);
    const rows = await redis.xrange(journalStreamKey(matchId), "-", "+");
    matches.push({
      matchId,
      start: parseStart(parsed.start),
      entries: rows.map(([, fields]) => parseEntry(JSON.parse(fields[1] as string) as SerialisedEntry)),
    });
  }
  if (matches.length === 0) return null;
  try {
    const report = await importMatches(store, matches, logger, "redis");
    const cleanup = redis.multi();
    for (const m of matches) cleanup.del(journalStreamKey(m.matchId)).hdel(JOURNAL_STARTS_KEY, m.matchId);
    await cleanup.exec();
    return report;
  } finally {
    if (locks.length) await redis.del(...locks).catch(() => {});
  }
}
