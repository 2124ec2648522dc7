/**
 * Qaid (§12.3), only under `play.illegalCard = "QAID"`: illegal cards are accepted and recorded
 * (hidden); a player may challenge on his turn during play, or in the window after the last trick
 * (one seat per team is asked, so the window itself reveals nothing). A correct challenge makes the
 * offending team lose the hand; a false one makes the challenger's team lose it. Scored by scoring.ts.
 */
import { illegal } from "./actions.js";
import { scoreAndAdvance } from "./hand.js";
import { CARD_NAMES } from "./tables.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";

export function qaidAllowed(state: BalootState, seat: number): boolean {
  return (
    state.profile.play.illegalCard === "QAID" &&
    (state.phase === "PLAYING" || state.phase === "QAID_WINDOW") &&
    seat === state.turn &&
    state.hand.foulTeam < 0
  );
}

export function applyQaid(state: BalootState, seat: number, events: BalootEvent[] | null): void {
  if (state.profile.play.illegalCard !== "QAID") illegal("QAID_DISABLED", "illegal cards are rejected in this profile");
  const h = state.hand;
  const opponents = (seat & 1) ^ 1;
  const fouls = h.fouls.filter((f) => (f.seat & 1) === opponents);
  const correct = fouls.length > 0;
  h.foulTeam = correct ? opponents : seat & 1;
  h.foulReason = correct ? "ILLEGAL_CARD" : "FALSE_QAID";
  if (events) {
    events.push({
      type: "qaid",
      seat,
      correct,
      fouls: fouls.map((f) => ({ seat: f.seat, trick: f.trick, card: CARD_NAMES[f.card] as string })),
    });
  }
  scoreAndAdvance(state, events);
}

export function applySkipQaid(state: BalootState, seat: number, events: BalootEvent[] | null): void {
  if (state.phase !== "QAID_WINDOW") illegal("WRONG_PHASE", "skipQaid is for the end-of-hand window");
  const q = state.hand.dbl.queue;
  q.shift();
  if (events) events.push({ type: "qaidDeclined", seat });
  if (q.length > 0) state.turn = q[0]!;
  else scoreAndAdvance(state, events);
}
