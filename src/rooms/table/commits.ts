import type { Logger } from "../../platform/logger.js";
import { childSpan, traceEntry } from "../../platform/tracing.js";
import type { TableClient } from "./client.js";
import type { ListingFacts, ListingPublisher } from "./listing.js";
import type { StrayChangeWatch } from "./patchSweep.js";
import type { RoomTimers, Timer } from "./timers.js";
import { withWritesBatched } from "./writeBatch.js";

/** What the commits part reads from and asks of its room (Colyseus members and the table's log). */
export interface CommitsRoom {
  readonly roomId: string;
  readonly definition: { readonly name: string };
  readonly clients: Iterable<TableClient>;
  /** Colyseus: encode and send the pending state changes to every client. */
  broadcastPatch(): boolean;
  log(): Logger;
}

/**
 * How a change of the table reaches the clients: a room turn (an accepted action, a timer
 * firing) changes the schema, and `commit` sends it at once (turn-based latency: there is no
 * patch interval), after bringing the public listing up to date. Timer callbacks run with the
 * connections' writes batched and patch once when they are done (a bot burst or a timeout that
 * re-arms the clock sends one patch, not one per inner commit). Changes made outside a commit
 * are left to the process-wide sweep (table/patchSweep.ts).
 */
export class TableCommits {
  /** Inside a timer callback commits wait: the callback patches once when it is done. */
  private ticking = 0;
  /** Public (quick-match) tables: the listing kept current for `GET /tables/public`. */
  private listing: { publisher: ListingPublisher; facts: () => ListingFacts | null } | null = null;
  /** Changes made outside commit() are patched by the process-wide sweep. */
  private strayChanges: StrayChangeWatch | null = null;

  constructor(
    private readonly room: CommitsRoom,
    private readonly timers: RoomTimers,
  ) {}

  /** The sweep's watch over this room's state (set once the state is). */
  watch(strayChanges: StrayChangeWatch): void {
    this.strayChanges = strayChanges;
  }

  /** Keep a public table's listing current on every commit (`facts` null: nothing to list yet). */
  publishTo(publisher: ListingPublisher, facts: () => ListingFacts | null): void {
    this.listing = { publisher, facts };
    this.publishListing();
  }

  /** Run `fn` after `ms` on the room's timers, as a room turn: writes batched, errors logged, one patch after. */
  timer(fn: () => void, ms: number): Timer {
    return this.timers.after(() => withWritesBatched(this.room.clients, () => this.runTimer(fn)), ms);
  }

  private runTimer(fn: () => void): void {
    this.ticking += 1;
    try {
      traceEntry("room.timer", { "diwan.room.id": this.room.roomId, "diwan.game": this.room.definition.name }, fn);
    } catch (err) {
      // As Colyseus did for room clock callbacks: a bug is logged and the table lives on.
      this.room.log().error({ err, method: "timer" }, "uncaught error in a room handler");
    } finally {
      this.ticking -= 1;
    }
    this.commit();
  }

  /**
   * Send the state change now (turn-based latency: there is no patch interval). Inside a timer
   * callback the callback patches once when it is done.
   */
  commit(): void {
    if (this.ticking > 0) return;
    this.publishListing();
    childSpan("room.patch", () => this.room.broadcastPatch());
  }

  private publishListing(): void {
    const listing = this.listing;
    if (!listing) return;
    const facts = listing.facts();
    if (facts) listing.publisher.publish(facts);
  }

  /** A connection's StateView changed outside commit (table/patchSweep.ts). */
  viewsChanged(): void {
    this.strayChanges?.viewsChanged();
  }

  /** The room goes away: its timers are cleared and the sweep forgets it. */
  stop(): void {
    this.timers.clearAll();
    this.strayChanges?.stop();
  }
}
