import { ArraySchema, Schema, type, view } from "@colyseus/schema";
import { SeatState, TableState, dropFields } from "./TableState.js";

/** Schema clients receive for a dice-baseball table. Field meanings: src/games/baseball/README.md (views). */

export class LineupSlot extends Schema {
  @type("string") id = "";
  @type("string") pos = "";
}

export class PlayerInfo extends Schema {
  @type("string") id = "";
  @type("string") name = "";
  @type("string") bats = "";
  @type("string") throws = "";
  @type("uint8") speed = 0;
  /** SP, RP, or "" for batters. */
  @type("string") role = "";
}

export class BaseballTeam extends Schema {
  @type("string") id = "";
  @type("string") name = "";
  @type("string") abbr = "";
  @type([LineupSlot]) order = new ArraySchema<LineupSlot>();
  @type("string") pitcher = "";
  /** Pitches thrown by the current pitcher. */
  @type("uint16") pitches = 0;
  /** Batting-order spot due up (0..8). */
  @type("uint8") spot = 0;
  @type(["string"]) bench = new ArraySchema<string>();
  @type(["uint8"]) innings = new ArraySchema<number>();
  @type("boolean") decided = false;
  @type([PlayerInfo]) players = new ArraySchema<PlayerInfo>();
}

export class BaseballSeat extends SeatState {
  /** The seat's legal actions while it must act, each the exact JSON action to send: owner only. */
  @view() @type(["string"]) legalActions = new ArraySchema<string>();
  /** The seat's own submitted decision (JSON, "" when none): hidden from the other manager. */
  @view() @type("string") myDecision = "";

  override releasePrivate(): void {
    dropFields(this, "legalActions");
  }
}

export class BaseballState extends TableState {
  @type([BaseballSeat]) seats = new ArraySchema<BaseballSeat>();

  /** Engine phase: LINEUPS, DECIDE, DICE, OVER ("" before the start). */
  @type("string") phase = "";
  @type("uint8") inning = 1;
  /** 0 top (visitors bat), 1 bottom. */
  @type("uint8") half = 0;
  @type("uint8") outs = 0;
  @type(["uint16"]) scores = new ArraySchema<number>(0, 0);
  @type(["uint16"]) hits = new ArraySchema<number>(0, 0);
  @type(["uint16"]) errors = new ArraySchema<number>(0, 0);
  /** Runner ids on first, second, third ("" = empty). */
  @type(["string"]) bases = new ArraySchema<string>("", "", "");
  @type("string") batter = "";
  @type("string") pitcher = "";
  /** Manual dice: the die asked for (d6, 2d6, d20) or "". */
  @type("string") diceNeeded = "";
  /** Both decisions (JSON) while manual dice are entered, "" otherwise. */
  @type("string") revealed = "";
  /** 3 fresh, 4 tired, 5 exhausted pitcher. */
  @type("uint8") batterColumnMax = 3;
  @type([BaseballTeam]) teams = new ArraySchema<BaseballTeam>();
}
