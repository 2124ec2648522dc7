import { ArraySchema, Schema, type, view } from "@colyseus/schema";
import { SeatState, TableState, dropFields } from "./TableState.js";

/** Schema clients receive for a Baloot table. Field meanings: docs/PROTOCOL.md. */

export class CardPlay extends Schema {
  @type("uint8") seat = 0;
  @type("string") card = "";
}

export class TrickState extends Schema {
  /** -1 when there is no trick. */
  @type("int8") leader = -1;
  @type([CardPlay]) cards = new ArraySchema<CardPlay>();
  /** Last trick only: who won it and its card points (-1 / 0 otherwise). */
  @type("int8") winner = -1;
  @type("uint16") points = 0;
  /** The leader declared Akka on this trick's lead. */
  @type("boolean") akka = false;
}

export class BidCall extends Schema {
  @type("uint8") seat = 0;
  @type("uint8") round = 1;
  @type("string") call = "";
  /** Suit letter for a Hokum in round 2 ("" otherwise). */
  @type("string") suit = "";
}

export class RaiseCall extends Schema {
  @type("uint8") seat = 0;
  /** 2 double, 3 three, 4 four, 5 gahwa. */
  @type("uint8") level = 0;
  @type("boolean") closed = false;
}

export class DeclaredProjects extends Schema {
  @type("uint8") seat = 0;
  @type(["string"]) kinds = new ArraySchema<string>();
}

export class RevealedProject extends Schema {
  @type("uint8") seat = 0;
  @type("string") kind = "";
  @type(["string"]) cards = new ArraySchema<string>();
}

export class BalootSeat extends SeatState {
  /** The seat's cards: only its owner receives them. */
  @view() @type(["string"]) hand = new ArraySchema<string>();
  /**
   * Legal actions while this seat must act, each the exact JSON action to send back
   * (e.g. '{"type":"play","card":"10H"}'): only its owner receives them. Strings, because
   * StateView filtering applies to primitives in a private collection without per-item bookkeeping.
   */
  @view() @type(["string"]) legalActions = new ArraySchema<string>();
  /** The seat's own declared projects with their cards, as JSON ('{"kind":"SIRA","cards":["7S","8S","9S"]}'). */
  @view() @type(["string"]) projects = new ArraySchema<string>();

  override releasePrivate(): void {
    dropFields(this, "hand", "legalActions", "projects");
  }
}

export class BalootState extends TableState {
  @type([BalootSeat]) seats = new ArraySchema<BalootSeat>();

  /** Engine phase: BIDDING, DOUBLING, PLAYING, QAID_WINDOW, OVER ("" before the first deal). */
  @type("string") phase = "";
  @type("uint16") handNo = 0;
  @type("int8") dealer = -1;
  @type(["uint16"]) scores = new ArraySchema<number>(0, 0);
  @type("uint16") targetScore = 152;
  @type("string") profile = "";
  @type("int8") toAct = -1;
  @type("string") faceUp = "";

  @type("uint8") biddingRound = 1;
  @type("string") biddingMode = "";
  @type([BidCall]) bids = new ArraySchema<BidCall>();
  @type("int8") hokumBidder = -1;
  @type("string") hokumSuit = "";
  @type("int8") sunBidder = -1;

  /** "" until the contract is final, then SUN or HOKUM. */
  @type("string") contract = "";
  @type("string") trump = "";
  @type("int8") buyer = -1;
  @type("boolean") ashkal = false;
  @type("int8") faceUpTo = -1;

  @type("uint8") doublingLevel = 1;
  @type("boolean") gahwa = false;
  @type("boolean") closed = false;
  @type("int8") doubler = -1;
  @type("int8") lastRaiser = -1;
  @type("string") doublingStep = "";
  @type([RaiseCall]) raises = new ArraySchema<RaiseCall>();

  @type("uint8") trickNo = 0;
  @type(TrickState) trick = new TrickState();
  @type(TrickState) lastTrick = new TrickState();
  @type(["uint8"]) tricksWon = new ArraySchema<number>(0, 0);
  @type(["uint16"]) cardPoints = new ArraySchema<number>(0, 0);
  /** Cards not dealt yet (11 during the auction, then 0). */
  @type("uint8") undealt = 0;
  /** الأرض: the last trick's bonus (10) and the team that won it (-1 until trick 8 is won). */
  @type("uint8") lastTrickBonus = 10;
  @type("int8") lastTrickBonusTeam = -1;

  @type([DeclaredProjects]) declaredProjects = new ArraySchema<DeclaredProjects>();
  @type("boolean") projectsRevealed = false;
  @type([RevealedProject]) revealedProjects = new ArraySchema<RevealedProject>();
  @type("int8") projectWinnerTeam = -1;
  @type("int8") balootBy = -1;
}
