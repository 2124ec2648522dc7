import { baloot, dealForHand } from "../games/baloot/index.js";
import { CARD_NAMES } from "../games/baloot/tables.js";
import type { GameDefinition } from "../games/core/GameDefinition.js";
import { findGame } from "../games/registry.js";
import type { Db } from "../db/database.js";

/**
 * Replays, box-score rebuilds and shuffle verification: all folds over the stored log
 * (a match is `(game, options, seed, [actions])`, see DESIGN.md).
 */

// The definitions' own type parameters do not matter here: states and events are opaque.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased generic parameters
type AnyGame = GameDefinition<any, any, any, any, any, any, any>;

/** The definition of a stored match's game (every game the server plays: src/games/registry.ts). */
export function gameDefinition(game: string): AnyGame | undefined {
  return findGame(game);
}

export interface StoredEntry {
  seq: number;
  at: Date | string;
  seat: number | null;
  source: "player" | "bot" | "timeout" | "room";
  action: Record<string, unknown> | null;
  events: unknown[];
  /** Hash-chain link (docs/FAIRNESS.md); null for entries stored before the chain existed. */
  hash?: string | null;
}

export async function loadEntries(db: Db, matchId: string): Promise<StoredEntry[]> {
  return db
    .selectFrom("match_events")
    .select(["seq", "at", "seat", "source", "action", "events", "hash"])
    .where("match_id", "=", matchId)
    .orderBy("seq")
    .execute();
}

/**
 * Re-runs a match from its seed, as TableRoom logs it: entries with a seat and an action are
 * applied (player, bot or timeout moves); a `timeout` entry without an action is the ranked
 * forfeit of that seat's team, a `player` entry without an action its team's resignation; `room` entries (opening deal, bot takeovers) carry events only.
 */
export function replay(
  def: AnyGame,
  input: { seed: string; seats: number; options: unknown; entries: readonly StoredEntry[] },
): { outcome: unknown; events: unknown[] } {
  let state = def.setup({ seed: input.seed, seats: input.seats, options: input.options });
  const teams = def.teams(input.seats);
  const events: unknown[] = [];
  for (const e of input.entries) {
    if (e.seat === null || e.source === "room") continue;
    const r = e.action
      ? def.apply(state, e.seat, e.action)
      : e.source === "timeout"
        ? def.forfeit(state, teams.findIndex((t) => t.includes(e.seat as number)), "timeouts")
        : e.source === "player"
          ? def.forfeit(state, teams.findIndex((t) => t.includes(e.seat as number)), "resign")
          : undefined;
    if (!r) continue;
    state = r.state;
    events.push(...r.events);
  }
  return { outcome: def.outcome(state), events };
}

/** The box score from stored events (used when no box score row exists). */
export function rebuildBoxScore(def: AnyGame, entries: readonly StoredEntry[]): unknown {
  return def.summarise(entries.flatMap((e) => e.events));
}

export interface HandCheck {
  hand: number;
  dealer: number;
  ok: boolean;
  /** What did not match, e.g. "seat 2 first deal". */
  mismatches: string[];
}

export interface VerifyReport {
  supported: boolean;
  ok: boolean;
  hands: HandCheck[];
}

const sameCards = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join(",") === [...b].sort().join(",");

interface DealRules {
  firstPackets: readonly number[];
  buyerCompletion: number;
  othersCompletion: number;
}

/**
 * Baloot: for every hand in the log, shuffles the deck again from the revealed seed
 * (dealForHand) and deals it by the rule profile (§5.2), then compares with the `dealt` and
 * `completed` events the players actually received.
 */
export function verifyBalootDeals(seed: string, options: unknown, entries: readonly StoredEntry[]): VerifyReport {
  const state = baloot.setup({ seed, seats: 4, options: (options ?? {}) as never });
  const deal = (state.profile as unknown as { deal: DealRules }).deal;
  const events = entries.flatMap((e) => e.events) as { type: string; [k: string]: unknown }[];
  const hands: HandCheck[] = [];
  let current: { check: HandCheck; deck: number[]; received: Map<string, string[]> } | undefined;

  const close = () => {
    if (!current) return;
    const { check, deck, received } = current;
    const p = deal.firstPackets;
    let pos = 0;
    const first: string[][] = [[], [], [], []];
    for (const packet of p) {
      for (let k = 1; k <= 4; k++) {
        const seat = (check.dealer + k) & 3;
        for (let i = 0; i < packet; i++) first[seat]!.push(CARD_NAMES[deck[pos++]!]!);
      }
    }
    const faceUp = CARD_NAMES[deck[pos]!]!;
    for (let s = 0; s < 4; s++) {
      const got = received.get(`dealt:${s}`);
      if (!got || !sameCards(got, first[s]!)) check.mismatches.push(`seat ${s} first deal`);
    }
    const gotFaceUp = received.get("faceUp");
    if (!gotFaceUp || gotFaceUp[0] !== faceUp) check.mismatches.push("face-up card");
    const faceUpTo = received.get("faceUpTo");
    if (faceUpTo) {
      // Completion (only when a contract was bought): from D+1, the face-up receiver gets it plus buyerCompletion.
      pos = 4 * p.reduce((x, y) => x + y, 0) + 1;
      const to = Number(faceUpTo[0]);
      for (let k = 1; k <= 4; k++) {
        const seat = (check.dealer + k) & 3;
        const cards = seat === to ? [faceUp] : [];
        const count = seat === to ? deal.buyerCompletion : deal.othersCompletion;
        for (let i = 0; i < count; i++) cards.push(CARD_NAMES[deck[pos++]!]!);
        const got = received.get(`completed:${seat}`);
        if (!got || !sameCards(got, cards)) check.mismatches.push(`seat ${seat} completion`);
      }
    }
    check.ok = check.mismatches.length === 0;
    hands.push(check);
    current = undefined;
  };

  for (const e of events) {
    switch (e.type) {
      case "handStarted":
        close();
        current = {
          check: { hand: Number(e.hand), dealer: Number(e.dealer), ok: false, mismatches: [] },
          deck: dealForHand(seed, Number(e.hand)),
          received: new Map(),
        };
        break;
      case "dealt":
      case "completed":
        current?.received.set(`${e.type}:${String(e.to)}`, e.cards as string[]);
        break;
      case "faceUp":
        current?.received.set("faceUp", [String(e.card)]);
        break;
      case "contract":
        current?.received.set("faceUpTo", [String(e.faceUpTo)]);
        break;
      default:
        break;
    }
  }
  close();
  return { supported: true, ok: hands.length > 0 && hands.every((h) => h.ok), hands };
}

export function verifyDeals(game: string, seed: string, options: unknown, entries: readonly StoredEntry[]): VerifyReport {
  if (game !== "baloot") return { supported: false, ok: false, hands: [] };
  return verifyBalootDeals(seed, options, entries);
}
