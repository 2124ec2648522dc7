import { z } from "zod";
import {
  baseball,
  initialEvents,
  type BaseballAction,
  type BaseballBoxScore,
  type BaseballEvent,
  type BaseballOptions,
  type BaseballOutcome,
  type BaseballState as EngineState,
  type BaseballView,
} from "../games/baseball/index.js";
import { BaseballSeat, BaseballState } from "../schema/BaseballState.js";
import type { SeatState } from "../schema/TableState.js";
import { syncBaseballPrivate, syncBaseballPublic } from "./baseballMapping.js";
import { TableRoom } from "./TableRoom.js";

/** Options a vs-bots table may choose (quick tables play the defaults). */
const botOptions = z
  .object({
    away: z.string().max(40).optional(),
    home: z.string().max(40).optional(),
    innings: z.union([z.literal(7), z.literal(9)]).optional(),
    mercy: z.boolean().optional(),
  })
  .strict();

/** Private tables (two managers at a real table) may also use manual dice. */
const privateOptions = botOptions.extend({ dice: z.enum(["server", "manual"]).optional() }).strict();

/** Tests may also fix the starters and bring a card set (NODE_ENV=test only). */
const testHooks = { rotation: z.tuple([z.number().int(), z.number().int()]).optional(), set: z.unknown().optional() };

/** Dice baseball: two managers deciding at once before every plate appearance. */
export class BaseballRoom extends TableRoom<EngineState, BaseballAction, BaseballView, BaseballEvent, BaseballOutcome, BaseballBoxScore, BaseballOptions, BaseballState> {
  readonly definition = baseball;

  protected createState(): BaseballState {
    return new BaseballState();
  }

  protected createSeat(index: number, team: number): SeatState {
    const seat = new BaseballSeat();
    seat.index = index;
    seat.team = team;
    return seat;
  }

  syncPublic(view: BaseballView): void {
    syncBaseballPublic(this.state, view);
  }

  syncPrivate(seat: SeatState, view: BaseballView | null): void {
    syncBaseballPrivate(seat as BaseballSeat, view);
  }

  handCount(): number {
    return 0;
  }

  protected gameOptions(raw: Record<string, unknown> | undefined, hooks: boolean, ranked: boolean): BaseballOptions {
    if (ranked || !raw) return {};
    const base = this.mode === "private" ? privateOptions : botOptions;
    const options = (hooks ? base.extend(testHooks).strict() : base).parse(raw) as BaseballOptions;
    // Refuse bad options (unknown team, a team against itself) now, at creation.
    baseball.setup({ seed: "options-check", seats: 2, options });
    return options;
  }

  override initialEvents(state: EngineState): BaseballEvent[] {
    return initialEvents(state);
  }
}
