import type { LogEntry, MatchStartRecord } from "../matchStore.js";

/**
 * Where an acknowledged action lives until the database has it (issue 12 §1). The room hands
 * every entry to the recorder, which appends it here before the ack goes out; the database
 * flush follows in the background. What the database never received is imported from the
 * journal by the next process that starts (exactly once, by (match_id, seq)).
 */
export interface MatchJournal {
  readonly kind: "file" | "redis";
  /** A match begins: its start record, so an import can create the match row. */
  begin(start: MatchStartRecord): void;
  /**
   * Action path. `undefined`: the entry is durable already (local file, one write). A promise:
   * durable once it resolves (Redis). It never rejects: if no journal can take the entry, the
   * failure is logged and the entry stays in memory only (as without a journal).
   */
  append(matchId: string, entry: LogEntry): Promise<void> | undefined;
  /** The database holds the match row and every entry up to `seq`. */
  stored(matchId: string, seq: number): void;
  /** The match is over and fully stored: forget it. */
  end(matchId: string): void;
  /**
   * Shutdown. Returns the matches whose entries the database does not have yet: they stay in the
   * journal for the next start to import.
   */
  close(): Promise<SpilledMatch[]>;
}

export interface SpilledMatch {
  matchId: string;
  /** Highest seq the database has (0: none; -1: not even the match row). */
  storedSeq: number;
  /** Highest seq in the journal. */
  journalSeq: number;
  where: string;
}

/** One line of a local journal file. */
export type JournalRecord =
  | { k: "h"; pid: number; host: string; startedAt: string; processId: string }
  | { k: "s"; m: string; start: SerialisedStart }
  | { k: "e"; m: string; e: SerialisedEntry };

export type SerialisedStart = Omit<MatchStartRecord, "startedAt"> & { startedAt: string };
export type SerialisedEntry = Omit<LogEntry, "at"> & { at: string };

export function serialiseStart(start: MatchStartRecord): SerialisedStart {
  return { ...start, startedAt: start.startedAt.toISOString() };
}
export function parseStart(start: SerialisedStart): MatchStartRecord {
  return { ...start, startedAt: new Date(start.startedAt) };
}
export function serialiseEntry(entry: LogEntry): SerialisedEntry {
  return { ...entry, at: entry.at.toISOString() };
}
export function parseEntry(entry: SerialisedEntry): LogEntry {
  return { ...entry, at: new Date(entry.at) };
}

/** Progress of one match in a journal: what it holds and what the database has. */
export class MatchProgress {
  /** -1 until the database has the match row. */
  storedSeq = -1;
  journalSeq = 0;
}
