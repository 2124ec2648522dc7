import { ArraySchema, Schema, type, view } from "@colyseus/schema";
import { SeatState, TableState, dropFields } from "./TableState.js";

/**
 * Schema clients receive for a Baloot table. Field meanings and the text formats of the lists
 * (hand, projects, trick cards, bids, raises, declared and revealed projects): docs/PROTOCOL.md §3.
 * The lists are text, not collections, because each collection is a change tree of ≈ 0.5–0.9 KiB
 * of heap per table before any data (issue 10, docs/CAPACITY.md). A schema class holds at most 63
 * fields, inherited ones included: BalootState has 61 (TableState's 18 and its own 43), so a new
 * group of fields goes into a nested schema.
 */

export class TrickState extends Schema {
  /** -1 when there is no trick. */
  @type("int8") leader = -1;
  /** The cards in play order, `seat:card` tokens separated by one space ("1:7S 2:10S"); "" for none. */
  @type("string") cards = "";
  /** Last trick only: who won it and its card points (-1 / 0 otherwise). */
  @type("int8") winner = -1;
  @type("uint16") points = 0;
  /** The leader declared Akka on this trick's lead. */
  @type("boolean") akka = false;
}

export class BalootSeat extends SeatState {
  /** The seat's cards, space-separated ("7S 10H AC"; "" for none): only its owner receives them. */
  @view() @type("string") hand = "";
  /**
   * Legal actions while this seat must act, each the exact JSON action to send back
   * (e.g. '{"type":"play","card":"10H"}'): only its owner receives them. Strings, because
   * StateView filtering applies to primitives in a private collection without per-item bookkeeping.
   */
  @view() @type(["string"]) legalActions = new ArraySchema<string>();
  /**
   * The seat's own declared projects with their cards, `KIND:card,card,…` tokens separated by one
   * space ("SIRA:7S,8S,9S FIFTY:10H,JH,QH,KH"; "" for none): only its owner receives them.
   */
  @view() @type("string") projects = "";

  /** Hand and projects are strings (no change tree of their own): only the collection is dropped. */
  override releasePrivate(): void {
    dropFields(this, "legalActions");
  }
}

export class BalootState extends TableState {
  @type([BalootSeat]) seats = new ArraySchema<BalootSeat>();

  /** Engine phase: BIDDING, DOUBLING, PLAYING, QAID_WINDOW, OVER ("" before the first deal). */
  @type("string") phase = "";
  @type("uint16") handNo = 0;
  @type("int8") dealer = -1;
  /** Match points of team 0 (seats 0 and 2) and team 1 (seats 1 and 3). */
  @type("uint16") team0Score = 0;
  @type("uint16") team1Score = 0;
  @type("uint16") targetScore = 152;
  @type("string") profile = "";
  @type("int8") toAct = -1;
  @type("string") faceUp = "";

  @type("uint8") biddingRound = 1;
  @type("string") biddingMode = "";
  /** The auction so far, `seat:round:call` or `seat:round:call:suit` tokens in order ("1:1:PASS 2:1:HOKUM:S"). */
  @type("string") bids = "";
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
  /** Raises in order, `seat:level:open|closed` tokens ("1:2:open 2:3:closed"); "" for none. */
  @type("string") raises = "";

  @type("uint8") trickNo = 0;
  /** The trick being played (leader -1 and no cards when none is). */
  @type(TrickState) trick = new TrickState();
  /** The last trick taken (leader -1 and no cards before the first). */
  @type(TrickState) lastTrick = new TrickState();
  /** Tricks each team has won this hand. */
  @type("uint8") team0Tricks = 0;
  @type("uint8") team1Tricks = 0;
  /** Card points of the tricks each team has won this hand, without the last-trick bonus. */
  @type("uint16") team0CardPoints = 0;
  @type("uint16") team1CardPoints = 0;
  /** Cards not dealt yet (11 during the auction, then 0). */
  @type("uint8") undealt = 0;
  /** الأرض: the last trick's bonus (10) and the team that won it (-1 until trick 8 is won). */
  @type("uint8") lastTrickBonus = 10;
  @type("int8") lastTrickBonusTeam = -1;

  /** Project kinds announced in trick 1, `seat:KIND` tokens in order ("0:SIRA 0:FIFTY 3:HUNDRED"). */
  @type("string") declaredProjects = "";
  @type("boolean") projectsRevealed = false;
  /** After trick 1: the winning team's projects, `seat:KIND:card,card,…` tokens ("0:SIRA:7S,8S,9S"). */
  @type("string") revealedProjects = "";
  @type("int8") projectWinnerTeam = -1;
  @type("int8") balootBy = -1;
}
