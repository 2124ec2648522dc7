import { closeSync, fstatSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../platform/logger.js";
import { HOST, PROCESS_STARTED_AT } from "../../platform/processInfo.js";
import type { LogEntry, MatchStartRecord } from "../matchStore.js";
import { MatchProgress, serialiseEntry, serialiseStart, type JournalRecord, type MatchJournal, type SpilledMatch } from "./journal.js";

/** A journal file's name: journal-<pid>-<start ms>-<segment>.jsonl. */
export const JOURNAL_FILE = /^journal-(\d+)-(\d+)-(\d+)\.jsonl$/;

interface Segment {
  path: string;
  fd: number;
  bytes: number;
  /** Highest seq each match wrote here (0 for a start record only). */
  maxSeq: Map<string, number>;
  closed: boolean;
}

/**
 * The local journal: one append-only file per process, one `write` per entry (no fsync: the
 * page cache survives a process crash; only a machine crash can lose the last entries). The
 * file rolls over to a new segment past `segmentBytes`; a closed segment is deleted as soon as
 * the database holds everything it contains.
 */
export class FileJournal implements MatchJournal {
  readonly kind = "file" as const;
  private readonly segments: Segment[] = [];
  private readonly progress = new Map<string, MatchProgress>();
  private readonly header: string;
  private segmentNo = 0;
  private failedWrites = 0;

  constructor(
    readonly dir: string,
    private readonly processId: string,
    private readonly logger: Logger,
    private readonly segmentBytes = 16 * 1024 * 1024,
  ) {
    mkdirSync(dir, { recursive: true });
    const header: JournalRecord = { k: "h", pid: process.pid, host: HOST, startedAt: PROCESS_STARTED_AT.toISOString(), processId };
    this.header = `${JSON.stringify(header)}\n`;
    this.openSegment();
  }

  /** Files written by this process (tests and the shutdown report). */
  get files(): string[] {
    return this.segments.map((s) => s.path);
  }

  private get current(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  private openSegment(): void {
    this.segmentNo += 1;
    const path = join(this.dir, `journal-${process.pid}-${PROCESS_STARTED_AT.getTime()}-${this.segmentNo}.jsonl`);
    const fd = openSync(path, "a");
    const segment: Segment = { path, fd, bytes: fstatSync(fd).size, maxSeq: new Map(), closed: false };
    this.segments.push(segment);
    this.write(segment, this.header);
  }

  private write(segment: Segment, line: string): boolean {
    try {
      segment.bytes += writeSync(segment.fd, line);
      return true;
    } catch (err) {
      // Disk full or gone: the entry stays in memory (the recorder still has it); say so once per streak.
      if (this.failedWrites++ === 0) this.logger.error({ err, file: segment.path }, "journal write failed; entries are kept in memory only");
      return false;
    }
  }

  private record(matchId: string, seq: number, line: string): void {
    let segment = this.current;
    if (segment.bytes >= this.segmentBytes) {
      segment.closed = true;
      closeSync(segment.fd);
      this.openSegment();
      segment = this.current;
    }
    if (this.write(segment, line)) {
      if (this.failedWrites > 0) {
        this.logger.info({ failures: this.failedWrites }, "journal writes recovered");
        this.failedWrites = 0;
      }
      segment.maxSeq.set(matchId, Math.max(seq, segment.maxSeq.get(matchId) ?? 0));
    }
  }

  begin(start: MatchStartRecord): void {
    this.progress.set(start.matchId, new MatchProgress());
    this.record(start.matchId, 0, `${JSON.stringify({ k: "s", m: start.matchId, start: serialiseStart(start) } satisfies JournalRecord)}\n`);
  }

  append(matchId: string, entry: LogEntry): undefined {
    const progress = this.progress.get(matchId);
    if (progress) progress.journalSeq = entry.seq;
    this.record(matchId, entry.seq, `${JSON.stringify({ k: "e", m: matchId, e: serialiseEntry(entry) } satisfies JournalRecord)}\n`);
    return undefined;
  }

  stored(matchId: string, seq: number): void {
    const progress = this.progress.get(matchId);
    if (!progress) return;
    progress.storedSeq = Math.max(progress.storedSeq, seq);
    this.dropStoredSegments();
  }

  end(matchId: string): void {
    const progress = this.progress.get(matchId);
    if (progress) progress.storedSeq = Number.MAX_SAFE_INTEGER;
    this.dropStoredSegments();
    this.progress.delete(matchId);
  }

  private isStored(segment: Segment): boolean {
    for (const [matchId, seq] of segment.maxSeq) {
      const progress = this.progress.get(matchId);
      if (progress && progress.storedSeq < seq) return false;
    }
    return true;
  }

  /** Closed segments whose every entry is in the database are deleted. */
  private dropStoredSegments(): void {
    for (let i = 0; i < this.segments.length - 1; ) {
      const segment = this.segments[i] as Segment;
      if (segment.closed && this.isStored(segment)) {
        unlinkSync(segment.path);
        this.segments.splice(i, 1);
      } else i++;
    }
  }

  async close(): Promise<SpilledMatch[]> {
    const spilled: SpilledMatch[] = [];
    for (const [matchId, progress] of this.progress) {
      if (progress.storedSeq < progress.journalSeq || progress.storedSeq < 0) {
        spilled.push({ matchId, storedSeq: progress.storedSeq, journalSeq: progress.journalSeq, where: this.current.path });
      }
    }
    const current = this.current;
    if (!current.closed) {
      current.closed = true;
      closeSync(current.fd);
    }
    if (spilled.length === 0) {
      for (const segment of this.segments) unlinkSync(segment.path);
      this.segments.length = 0;
    } else {
      this.dropStoredSegments();
    }
    return spilled;
  }
}
