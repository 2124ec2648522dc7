/**
 * A refusal as plain data: legalActions asks "why not?" for many candidate moves, and building an
 * Error (with its stack trace) for each would dominate its cost. `apply` turns one into an IllegalAction.
 */
import { IllegalAction } from "../core/IllegalAction.js";

export interface Refusal {
  code: string;
  message: string;
}

export function refusal(code: string, message: string): Refusal {
  return { code, message };
}

/** Throws the refusal as an IllegalAction when there is one. */
export function refuse(r: Refusal | null): void {
  if (r) throw new IllegalAction(r.code, r.message);
}
