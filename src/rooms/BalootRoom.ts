import { z } from "zod";
import type { BotLevel } from "../games/core/GameDefinition.js";
import { baloot, initialEvents, privateView, type BalootAction, type BalootBoxScore, type BalootEvent, type BalootOptions, type BalootOutcome, type BalootState as EngineState, type BalootView } from "../games/baloot/index.js";
import { BalootSeat, BalootState } from "../schema/BalootState.js";
import type { SeatState } from "../schema/TableState.js";
import { balootPrivateMayChange, syncBalootPrivate, syncBalootPublic } from "./balootMapping.js";
import { TableRoom, type TableRoomOptions } from "./TableRoom.js";

/** Options a private or vs-bots table may choose; ranked and quick tables play SAUDI_DEFAULT. */
const publicOptions = z
  .object({
    profile: z.enum(["SAUDI_DEFAULT", "KAMMELNA_LIKE"]).optional(),
    targetScore: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

/** Tests may also stack the deck, choose the dealer and the starting score (NODE_ENV=test only). */
const testOptions = publicOptions
  .extend({
    overrides: z.record(z.string(), z.unknown()).optional(),
    dealer: z.number().int().min(0).max(3).optional(),
    scores: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
    deck: z.union([z.string(), z.array(z.string())]).optional(),
    decks: z.array(z.union([z.string(), z.array(z.string())])).optional(),
    hands: z.array(z.union([z.string(), z.array(z.string())])).optional(),
    faceUp: z.string().optional(),
    stock: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .strict();

export class BalootRoom extends TableRoom<EngineState, BalootAction, BalootView, BalootEvent, BalootOutcome, BalootBoxScore, BalootOptions, BalootState> {
  readonly definition = baloot;

  protected createState(): BalootState {
    return new BalootState();
  }

  protected createSeat(index: number, team: number): SeatState {
    const seat = new BalootSeat();
    seat.index = index;
    seat.team = team;
    return seat;
  }

  syncPublic(view: BalootView): void {
    syncBalootPublic(this.state, view);
  }

  syncPrivate(seat: SeatState, view: BalootView | null): void {
    syncBalootPrivate(seat as BalootSeat, view);
  }

  handCount(view: BalootView, seat: number): number {
    return view.cardCounts[seat] ?? 0;
  }

  /** Only the seat's own part (cards, legal actions, own projects): no whole view per private seat per action. */
  override syncOwnFromGame(seat: SeatState, game: EngineState, seatIndex: number): void {
    syncBalootPrivate(seat as BalootSeat, privateView(game, seatIndex));
  }

  override privateMayChange(seat: number, events: readonly BalootEvent[]): boolean {
    return balootPrivateMayChange(seat, events);
  }

  protected gameOptions(raw: Record<string, unknown> | undefined, testHooks: boolean, ranked: boolean): BalootOptions {
    if (ranked || !raw) return {};
    const parsed = (testHooks ? testOptions : publicOptions).safeParse(raw);
    // TableRoom turns the issues into one BAD_OPTIONS line naming each key (game.<key>: why).
    if (!parsed.success) throw parsed.error;
    const options = parsed.data as BalootOptions;
    // Refuse bad options now, at creation, rather than when the fourth player arrives; the engine
    // checks every profile key and value (IllegalAction BAD_OPTIONS, one line naming the key and the allowed values).
    baloot.setup({ seed: "options-check", seats: 4, options });
    return options;
  }

  override initialEvents(state: EngineState): BalootEvent[] {
    return initialEvents(state);
  }
}

/** Ranked quick-match tables: default rules, registered players, forfeit after repeated timeouts. */
export class RankedBalootRoom extends BalootRoom {
  protected override defaultTableOptions(): TableRoomOptions {
    return { ranked: true };
  }

  /** A ranked player who drops out is replaced by the strong (search) bot, so his team keeps a fair game. */
  override botLevelFor(seat: number, takenOver: boolean): BotLevel {
    return takenOver ? "strong" : super.botLevelFor(seat, takenOver);
  }
}
