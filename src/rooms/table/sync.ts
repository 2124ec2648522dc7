import type { ArraySchema } from "@colyseus/schema";
import type { SeatState } from "../../schema/TableState.js";

/** The game-specific mapping a room subclass supplies. */
export interface ViewMapping<View> {
  /** The engine's view of the game for a seat (null: the public, spectator view). */
  view(seat: number | null): View;
  /** Copy the public view into the state; must write a field only when its value changed. */
  syncPublic(view: View): void;
  /** Copy a seat's private view into its `@view()` fields; must write a field only when it changed. */
  syncPrivate(seat: SeatState, view: View | null): void;
  handCount(view: View, seat: number): number;
  /**
   * Incremental views (issue 10): whether `seat`'s private view can differ after a change that
   * produced `events`, for a seat that neither acted nor was or is to act (those are always
   * rebuilt). Must be conservative: true whenever in doubt. Absent: every seat is rebuilt.
   */
  privateMayChange?(seat: number, events: readonly unknown[]): boolean;
  /**
   * Copy a seat's private fields straight from the game, without building its whole view (whose
   * public part is everyone's and synced once from the public view). Absent: `syncPrivate` of
   * `view(seat)`.
   */
  syncOwn?(schemaSeat: SeatState, seat: number): void;
}

/**
 * What a room supplies: the mapping without `view` and `syncOwn`, which the match builds over its
 * game; `syncOwnFromGame` is the room's `syncOwn` given that game.
 */
export type RoomViewMapping<State, View> = Omit<ViewMapping<View>, "view" | "syncOwn"> & {
  syncOwnFromGame?(schemaSeat: SeatState, game: State, seat: number): void;
};

/** What changed the game (one applied action), for the incremental rebuild of private views. */
export interface ViewChange {
  /** The seat whose action it was. */
  actor: number;
  events: readonly unknown[];
}

/**
 * Engine views → schema, in place. The mappings write a field only when its value changed
 * (src/schema/sync.ts), so a patch carries just the change and an unchanged seat costs a few
 * comparisons. Earlier versions kept each seat's last private view as a JSON string to skip
 * unchanged seats: serialising the whole view (≈ 2–4 KB for Baloot) cost more CPU than the
 * comparisons it saved, and the strings stayed in memory with every table (docs/CAPACITY.md,
 * heap section).
 */
export class ViewSync<View> {
  private released = false;
  /** Seats to act at the last sync: their legal actions may have to be cleared now. */
  private lastActive: readonly number[] = [];
  /** Bit i: seat i has no owner for good and its private collections were dropped (`SeatState.releasePrivate`). */
  private ownerless = 0;

  constructor(
    private readonly mapping: ViewMapping<View>,
    private readonly seats: ArraySchema<SeatState>,
  ) {}

  /**
   * Copy the views into the schema; `privateSeats(i)` says whether seat i may have an owner to
   * see it; false means never again (a bot seated from the start): its private collections are
   * dropped, as nobody can receive them;
   * `active`: the seats to act now. With `change`, a seat's private view is rebuilt only when it
   * can have changed: the actor, the seats to act before and after, and those the mapping's
   * `privateMayChange` names; without it (start, resume, forfeit, or a mapping without
   * `privateMayChange`) every private view is.
   */
  apply(privateSeats: (seat: number) => boolean, active: readonly number[], change?: ViewChange): void {
    if (this.released) return;
    const mapping = this.mapping;
    const publicView = mapping.view(null);
    mapping.syncPublic(publicView);
    const incremental = change !== undefined && mapping.privateMayChange !== undefined;
    for (let i = 0; i < this.seats.length; i++) {
      const schemaSeat = this.seats[i] as SeatState;
      const count = mapping.handCount(publicView, i);
      if (schemaSeat.handCount !== count) schemaSeat.handCount = count;
      if (!privateSeats(i)) {
        this.dropPrivate(i, schemaSeat);
        continue;
      }
      if (this.ownerless & (1 << i)) throw new Error(`seat ${i} was synced as ownerless and cannot have an owner now`);
      if (incremental && !this.mayChange(i, active, change)) continue;
      if (mapping.syncOwn) mapping.syncOwn(schemaSeat, i);
      else mapping.syncPrivate(schemaSeat, mapping.view(i));
    }
    this.lastActive = active;
  }

  private dropPrivate(seat: number, schemaSeat: SeatState): void {
    if (this.ownerless & (1 << seat)) return;
    this.ownerless |= 1 << seat;
    schemaSeat.releasePrivate();
  }

  private mayChange(seat: number, active: readonly number[], change: ViewChange): boolean {
    return (
      seat === change.actor ||
      active.includes(seat) ||
      this.lastActive.includes(seat) ||
      (this.mapping.privateMayChange as (seat: number, events: readonly unknown[]) => boolean)(seat, change.events)
    );
  }

  /** The table is disposed: later calls to `apply` (a late timer, a stray callback) change nothing. */
  release(): void {
    this.released = true;
  }
}
