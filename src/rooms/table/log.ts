import type { Seat } from "../../games/core/GameDefinition.js";
import { entryHash } from "../../games/core/fairness/commitReveal.js";
import { MatchRecorder, type RecorderOptions } from "../../services/matchRecorder.js";
import type { EntrySource, LogEntry, MatchEndRecord, MatchStartRecord, MatchStore } from "../../services/matchStore.js";

/** Engine events of one log entry, kept for catch-up and the box score. */
export interface EventBatch<Event> {
  seq: number;
  events: Event[];
}

/**
 * The match's ordered log: sequence numbers, the hand-off of every entry to the recorder (the
 * journal), and the engine events kept in memory for the box score and for catching up a
 * client that comes back after missing some.
 */
export class MatchLog<Event> {
  private lastSeq = 0;
  private readonly batches: EventBatch<Event>[] = [];
  private readonly allEvents: Event[] = [];
  private recorder: MatchRecorder | null = null;
  /** The latest journal append still in flight (Redis journal); null when all are durable. */
  private pending: Promise<void> | null = null;
  /** Hash of the latest entry (first: the seed commitment); null when the match has no commitment. */
  private chainHead: string | null = null;

  get seq(): number {
    return this.lastSeq;
  }

  /** Every engine event of the match so far, in order. */
  get events(): readonly Event[] {
    return this.allEvents;
  }

  attach(recorder: MatchRecorder): void {
    this.recorder = recorder;
  }

  /** The match starts: from now on every entry is handed to a recorder for this match. */
  startRecording(store: MatchStore, start: MatchStartRecord, options: RecorderOptions): void {
    this.chainHead = start.seedCommitment ?? null;
    this.attach(new MatchRecorder(store, start, options));
  }

  /**
   * A resumed match (issue 12): the log continues after the stored entries — the same sequence
   * numbering and hash chain (`lastHash` is the hash of entry `lastSeq`; null for a match without
   * a commitment), the engine events kept for catch-up and the box score rebuilt from the replay —
   * and the recorder continues the same match without creating it again.
   */
  resumeRecording(store: MatchStore, start: MatchStartRecord, options: RecorderOptions, stored: { lastSeq: number; lastHash: string | null; batches: EventBatch<Event>[] }): void {
    this.lastSeq = stored.lastSeq;
    this.chainHead = start.seedCommitment ? (stored.lastHash ?? start.seedCommitment) : null;
    for (const batch of stored.batches) {
      this.batches.push(batch);
      for (const e of batch.events) this.allEvents.push(e);
    }
    this.attach(new MatchRecorder(store, start, { ...options, resumedAt: stored.lastSeq }));
  }

  /** Game over: store every entry, the box score and the outcome (awaited before the table closes). */
  async finish(end: MatchEndRecord, box: unknown): Promise<void> {
    await this.recorder?.finish(end, box);
  }

  get attachedRecorder(): MatchRecorder | null {
    return this.recorder;
  }

  /**
   * The one place an entry gets its sequence number and is handed to the recorder (memory
   * only; the recorder writes later). `engineEvents` are the game's events, kept for catch-up.
   */
  append(seat: Seat | null, source: EntrySource, action: Record<string, unknown> | null, events: unknown[], engineEvents: Event[] = [], actionId?: string): LogEntry {
    this.lastSeq += 1;
    const entry: LogEntry = { seq: this.lastSeq, at: new Date(), seat, source, action, events };
    if (actionId !== undefined) entry.actionId = actionId;
    if (this.chainHead !== null) {
      // Hash chain (issue 15): each entry commits to every earlier one and to the seed commitment.
      entry.hash = entryHash(this.chainHead, entry);
      this.chainHead = entry.hash;
    }
    const durable = this.recorder?.append(entry);
    if (durable) {
      // Appends complete in order (one pipelined connection), so the latest covers every earlier one.
      const latest: Promise<void> = durable.then(() => {
        if (this.pending === latest) this.pending = null;
      });
      this.pending = latest;
    }
    if (engineEvents.length) {
      this.batches.push({ seq: entry.seq, events: engineEvents });
      for (const e of engineEvents) this.allEvents.push(e);
    }
    return entry;
  }

  /**
   * Resolves once every entry handed off so far is durable in the journal; null when they already
   * are (the file journal writes synchronously). Acks wait for it: an acknowledged action is never lost.
   */
  whenDurable(): Promise<void> | null {
    return this.pending;
  }

  /** Engine events logged after `seq`, in order, one batch per entry. */
  batchesAfter(seq: number): EventBatch<Event>[] {
    // Batches are in seq order: find the first one past `seq` by bisection.
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.batches[mid] as EventBatch<Event>).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.batches.slice(lo);
  }

  /**
   * Catch-up for a client that missed entries: the engine events logged after `seq` that
   * `visible` lets through, in order, one batch per entry (entries with nothing visible left out).
   */
  catchUp(seq: number, visible: (event: Event) => boolean): EventBatch<Event>[] {
    const out: EventBatch<Event>[] = [];
    for (const batch of this.batchesAfter(seq)) {
      const events = batch.events.filter(visible);
      if (events.length) out.push({ seq: batch.seq, events });
    }
    return out;
  }

  /** Drop what the table held in memory (the recorder has stored it). */
  release(): void {
    this.batches.length = 0;
    this.allEvents.length = 0;
  }
}
