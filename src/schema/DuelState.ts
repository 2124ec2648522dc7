import { ArraySchema, Schema, type, view } from "@colyseus/schema";
import { SeatState, TableState, dropFields } from "./TableState.js";

/**
 * Schema clients receive for a card-duel table. Field meanings: src/games/duel/README.md (views)
 * and docs/PROTOCOL.md "Card duel". Hands, the search's deck cards and legal actions are `@view()`
 * seat fields, so only their owner receives them; deck order and face-down prizes never leave the engine.
 */

export class DuelCreature extends Schema {
  /** The top card of the stack (the creature in play). */
  @type("string") card = "";
  /** Evolution stack, basic first. */
  @type(["string"]) stack = new ArraySchema<string>();
  @type("uint16") hp = 0;
  @type("uint16") damage = 0;
  @type(["string"]) energy = new ArraySchema<string>();
  @type(["string"]) status = new ArraySchema<string>();
  @type("uint16") sinceTurn = 0;
}

export class DuelSide extends Schema {
  @type("uint8") seat = 0;
  @type("uint8") handCount = 0;
  @type("uint8") deckCount = 0;
  @type("uint8") prizeCount = 0;
  @type(["string"]) discard = new ArraySchema<string>();
  /** 0 or 1 creature: the active spot (empty, or hidden during setup from other viewers). */
  @type([DuelCreature]) active = new ArraySchema<DuelCreature>();
  @type([DuelCreature]) bench = new ArraySchema<DuelCreature>();
  /** Setup: creatures this side placed (what others learn before the reveal). */
  @type("uint8") placed = 0;
  @type("boolean") hidden = false;
  @type("uint8") mulligans = 0;
  @type("boolean") ready = false;
  @type("boolean") attachedThisTurn = false;
  @type("boolean") retreatedThisTurn = false;
}

export class DuelSeat extends SeatState {
  /** The seat's hand (card ids): owner only. */
  @view() @type(["string"]) hand = new ArraySchema<string>();
  /** The seat's legal actions, each the exact JSON action to send: owner only. */
  @view() @type(["string"]) legalActions = new ArraySchema<string>();
  /** A running deck search of this seat: the matching deck cards it may take, and those taken (owner only). */
  @view() @type(["string"]) searchMatches = new ArraySchema<string>();
  @view() @type(["string"]) searchTaken = new ArraySchema<string>();

  override releasePrivate(): void {
    dropFields(this, "hand", "legalActions", "searchMatches", "searchTaken");
  }
}

export class DuelState extends TableState {
  @type([DuelSeat]) seats = new ArraySchema<DuelSeat>();

  /** Engine phase: SETUP, MAIN, SEARCH, PROMOTE, OVER ("" before the start). */
  @type("string") phase = "";
  @type("string") set = "";
  @type("uint16") turn = 0;
  @type("uint8") current = 0;
  @type("uint8") first = 0;
  @type("uint8") prizes = 0;
  /** Seats still to promote a creature (PROMOTE). */
  @type(["uint8"]) promote = new ArraySchema<number>();
  /** The public part of a running search (`{ seat, card, filter, left, takenCount }` as JSON), "" when none. */
  @type("string") search = "";
  @type([DuelSide]) sides = new ArraySchema<DuelSide>();
}
