import type { RequestHandler } from "express";
import { z } from "zod";
import { HttpError } from "./errors.js";

/**
 * Shared input rules for every route (issue 8, item 10). Two layers:
 * - `refuseNul` runs before any route and answers 400 naming the field for a NUL character
 *   (U+0000) anywhere in the body, query or path — Postgres cannot store it in text, so it
 *   would otherwise surface as a 500 deep inside a query;
 * - `displayText` is the zod rule for names people show each other: no control characters,
 *   no bidirectional embeddings/overrides/isolates (they reorder what others see), and at least
 *   one visible character (names made only of zero-width or filler characters are refused).
 */

const NUL = "\u0000";
// LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /\p{Cc}/u;
// Zero-width spaces/joiners, soft hyphen, fillers (U+3164, U+115F…), variation selectors, tags,
// and the Braille blank (U+2800), a symbol that draws nothing.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\u2800]/gu;

/** A name shown to other people (display name, first/last name). */
export function displayText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !CONTROL.test(v), "must not contain control characters")
    .refine((v) => !BIDI_CONTROLS.test(v), "must not contain bidirectional override, embedding or isolate characters")
    .refine((v) => v.replace(INVISIBLE, "").length > 0, "must contain a visible character");
}

/** Any other free text: only NUL is refused (the database cannot store it). */
export function plainText(max: number) {
  return z
    .string()
    .max(max)
    .refine((v) => !v.includes(NUL), "must not contain the NUL character (\\u0000)");
}

/** Path of the first string (value or key) containing NUL, e.g. `body.firstName`, or undefined. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === "string") return value.includes(NUL) ? path : undefined;
  if (depth > 32 || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const here = `${path}.${key.replaceAll(NUL, "\\u0000")}`;
    if (key.includes(NUL)) return here;
    const hit = findNul(v, here, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** App-wide guard (after the JSON parser, before every router). */
export const refuseNul: RequestHandler = (req, _res, next) => {
  const field =
    (decodedPath(req.path).includes(NUL) ? "path" : undefined) ??
    findNul(req.query, "query") ??
    findNul(req.body, "body");
  if (field) return next(new HttpError(400, "VALIDATION_FAILED", `${field}: must not contain the NUL character (\\u0000)`));
  next();
};
