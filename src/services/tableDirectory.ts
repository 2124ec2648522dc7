import { randomInt } from "node:crypto";

/**
 * Names shared across processes through Colyseus presence (Redis when scaled out): private-table
 * join codes and the rooms whose games have ended. Rooms write them; HTTP routes read them.
 */
export const JOIN_CODES_KEY = "diwan:joincodes";
export const ENDED_ROOMS_PREFIX = "diwan:ended:";

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short join code for a private table (6 characters ≈ 887 million codes). */
export function generateJoinCode(length = 6): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function normaliseJoinCode(input: string): string {
  return input.trim().toUpperCase();
}
