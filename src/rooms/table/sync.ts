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

  constructor(
    private readonly mapping: ViewMapping<View>,
    private readonly seats: ArraySchema<SeatState>,
  ) {}

  /** Copy the views into the schema; `privateSeats(i)` says whether seat i has an owner to see it. */
  apply(privateSeats: (seat: number) => boolean): void {
    if (this.released) return;
    const publicView = this.mapping.view(null);
    this.mapping.syncPublic(publicView);
    for (let i = 0; i < this.seats.length; i++) {
      const schemaSeat = this.seats[i] as SeatState;
      const count = this.mapping.handCount(publicView, i);
      if (schemaSeat.handCount !== count) schemaSeat.handCount = count;
      if (privateSeats(i)) this.mapping.syncPrivate(schemaSeat, this.mapping.view(i));
    }
  }

  /** The table is disposed: later calls to `apply` (a late timer, a stray callback) change nothing. */
  release(): void {
    this.released = true;
  }
}
