import { closeSync, openSync, readFileSync, readSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../platform/logger.js";
import { holderIsAlive } from "../../platform/processInfo.js";
import type { LogEntry, MatchStartRecord, MatchStore } from "../matchStore.js";
import { JOURNAL_FILE } from "./fileJournal.js";
import { parseEntry, parseStart, type JournalRecord } from "./journal.js";

/** What one journal held for one match. */
export interface JournaledMatch {
  matchId: string;
  start: MatchStartRecord | null;
  entries: LogEntry[];
}

export interface ImportReport {
  source: string;
  matches: number;
  entries: number;
  interrupted: string[];
}

/**
 * Store what a journal holds into the database: the match row (if it never got there), every
 * entry (the (match_id, seq) key makes a repeated import a no-op), then mark the match
 * interrupted: its process is gone. Throws when the database refuses; the caller keeps the journal.
 */
export async function importMatches(store: MatchStore, matches: Iterable<JournaledMatch>, logger: Logger, source: string): Promise<ImportReport> {
  const report: ImportReport = { source, matches: 0, entries: 0, interrupted: [] };
  for (const match of matches) {
    if (match.start) await store.createMatch(match.start);
    else if (!(await store.matchExists(match.matchId))) {
      logger.warn({ matchId: match.matchId, source }, "journal holds entries of a match whose start is lost; skipped");
      continue;
    }
    const entries = [...match.entries].sort((a, b) => a.seq - b.seq);
    for (let i = 0; i < entries.length; i += 500) await store.appendEntries(match.matchId, entries.slice(i, i + 500));
    if (await store.markInterrupted(match.matchId, match.start?.processId)) report.interrupted.push(match.matchId);
    report.matches += 1;
    report.entries += entries.length;
  }
  return report;
}

/** Parse a journal file; a torn last line (the process died mid-write) is ignored. */
export function readJournalFile(path: string): { header: Extract<JournalRecord, { k: "h" }> | null; matches: Map<string, JournaledMatch> } {
  const matches = new Map<string, JournaledMatch>();
  let header: Extract<JournalRecord, { k: "h" }> | null = null;
  const matchOf = (id: string) => {
    let m = matches.get(id);
    if (!m) matches.set(id, (m = { matchId: id, start: null, entries: [] }));
    return m;
  };
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      continue;
    }
    if (record.k === "h") header ??= record;
    else if (record.k === "s") matchOf(record.m).start = parseStart(record.start);
    else if (record.k === "e") matchOf(record.m).entries.push(parseEntry(record.e));
  }
  return { header, matches };
}

/** Only the first line of a journal file: who wrote it (cheap: the sweep looks at live files too). */
function readHeader(path: string): Extract<JournalRecord, { k: "h" }> | null {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const line = buffer.subarray(0, n).toString("utf8").split("\n")[0] ?? "";
    const record = JSON.parse(line) as JournalRecord;
    return record.k === "h" ? record : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Import the journal files of processes of this host that are gone, then delete them. Files of
 * live processes (another server sharing the folder) are left alone. Returns one report per file.
 */
export async function importLocalJournals(dir: string, store: MatchStore, logger: Logger): Promise<ImportReport[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => JOURNAL_FILE.test(n));
  } catch {
    return [];
  }
  // Group segments per writer so a match spread over segments is imported as one.
  const byWriter = new Map<string, string[]>();
  for (const name of names) {
    const [, pid, started] = JOURNAL_FILE.exec(name) as RegExpExecArray;
    const key = `${pid}-${started}`;
    byWriter.set(key, [...(byWriter.get(key) ?? []), name]);
  }
  const reports: ImportReport[] = [];
  for (const files of byWriter.values()) {
    files.sort((a, b) => Number(JOURNAL_FILE.exec(a)?.[3]) - Number(JOURNAL_FILE.exec(b)?.[3]));
    // A writer that still runs (this process, or a neighbour sharing the folder) is left alone.
    if (files.some((name) => {
      const header = readHeader(join(dir, name));
      return header !== null && holderIsAlive(header);
    })) continue;
    const merged = new Map<string, JournaledMatch>();
    for (const name of files) {
      const { matches } = readJournalFile(join(dir, name));
      for (const m of matches.values()) {
        const into = merged.get(m.matchId);
        if (!into) merged.set(m.matchId, m);
        else {
          into.start ??= m.start;
          into.entries.push(...m.entries);
        }
      }
    }
    const report = await importMatches(store, merged.values(), logger, files.join(","));
    for (const name of files) unlinkSync(join(dir, name));
    reports.push(report);
  }
  return reports;
}
