import type { ArraySchema } from "@colyseus/schema";
import type { SeatState } from "../../schema/TableState.js";

/** The game-specific mapping a room subclass supplies. */
export interface ViewMapping<View> {
  /** The engine's view of the game for a seat (null: the public, spectator view). */
  view(seat: number | null): View;
  syncPublic(view: View): void;
  syncPrivate(seat: SeatState, view: View | null): void;
  handCount(view: View, seat: number): number;
}

/**
 * Engine views → schema. The public view is copied in place every change; a seat's private
 * fields are rewritten only when that seat's view changed since it was last copied.
 */
export class ViewSync<View> {
  /** Serialised last private view copied per seat (null: nothing copied yet, or cleared). */
  private readonly lastPrivate: (string | null)[];

  constructor(
    private readonly mapping: ViewMapping<View>,
    private readonly seats: ArraySchema<SeatState>,
  ) {
    this.lastPrivate = Array.from({ length: seats.length }, () => null);
  }

  /** Copy the views into the schema; `privateSeats(i)` says whether seat i has an owner to see it. */
  apply(privateSeats: (seat: number) => boolean): void {
    const publicView = this.mapping.view(null);
    this.mapping.syncPublic(publicView);
    for (let i = 0; i < this.seats.length; i++) {
      const schemaSeat = this.seats[i] as SeatState;
      const count = this.mapping.handCount(publicView, i);
      if (schemaSeat.handCount !== count) schemaSeat.handCount = count;
      if (!privateSeats(i)) continue;
      const view = this.mapping.view(i);
      const key = JSON.stringify(view);
      if (key === this.lastPrivate[i]) continue;
      this.lastPrivate[i] = key;
      this.mapping.syncPrivate(schemaSeat, view);
    }
  }

  /** Forget what seat i was shown: the next `apply` rewrites its private fields. */
  invalidate(seat: number): void {
    if (seat >= 0 && seat < this.lastPrivate.length) this.lastPrivate[seat] = null;
  }

  release(): void {
    this.lastPrivate.fill(null);
  }
}
