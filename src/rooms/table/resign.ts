import { z } from "zod";
import type { SeatRecord } from "./seats.js";

/** `resign` message body: the confirmation is required, so a stray tap cannot end a match. */
export const resignMessage = z.object({ confirm: z.literal(true) }).strict();

/** How long one partner's resignation waits for the other human partners of his team. */
export const RESIGN_AGREE_MS = 60_000;

export type ResignVerdict =
  /** The whole team has agreed: forfeit now. */
  | { kind: "resign"; team: number }
  /** Recorded; these human partners still have to confirm before `expiresAt`. */
  | { kind: "pending"; team: number; waitingFor: number[]; expiresAt: number };

/**
 * The team rule for resigning (docs/PROTOCOL.md "Resign"): a team resigns when every seat of
 * the team played by a human (not a bot, not a bot playing for an absent player) has confirmed
 * within RESIGN_AGREE_MS of the first confirmation. One-seat teams (the duel, baseball) and a
 * human whose partners are all bots therefore resign at once.
 */
export class ResignBook {
  /** team → seat → time of the confirmation; made on the first request (most matches have none). */
  private asked: Map<number, Map<number, number>> | null = null;

  constructor(private readonly windowMs = RESIGN_AGREE_MS) {}

  request(seat: SeatRecord, teamSeats: readonly SeatRecord[], now: number): ResignVerdict {
    this.asked ??= new Map();
    const book = this.asked.get(seat.team) ?? new Map<number, number>();
    // Older confirmations than the window have lapsed.
    for (const [s, at] of book) if (now - at > this.windowMs) book.delete(s);
    book.set(seat.index, now);
    this.asked.set(seat.team, book);
    const humans = teamSeats.filter((s) => !s.isBot && !s.botControlled && s.userId !== null);
    const waitingFor = humans.filter((s) => !book.has(s.index)).map((s) => s.index);
    if (waitingFor.length === 0) {
      this.asked.delete(seat.team);
      return { kind: "resign", team: seat.team };
    }
    const first = Math.min(...book.values());
    return { kind: "pending", team: seat.team, waitingFor, expiresAt: first + this.windowMs };
  }

  clear(): void {
    this.asked = null;
  }
}
