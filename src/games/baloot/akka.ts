/**
 * Akka (§12.2): in Hokum, the leader of a trick may call Akka on a non-trump, non-Ace lead that is
 * the highest card of its suit still unplayed. Its only effect is the 3rd-seat partner exemption
 * under SAUDI_STRICT (legal.ts). An invalid Akka call is refused.
 */
import { RA } from "./cards.js";
import { ABOVE_PLAIN } from "./tables.js";

/** `played` = every card already played this hand (the lead itself excluded). */
export function akkaValid(card: number, trump: number, played: number, leading: boolean): boolean {
  if (!leading || trump < 0) return false;
  if (card >>> 3 === trump || (card & 7) === RA) return false;
  const higher = ABOVE_PLAIN[card] as number;
  return ((higher & ~played) >>> 0) === 0;
}
