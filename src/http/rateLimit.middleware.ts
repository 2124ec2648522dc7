import type { RateLimiter } from "../services/rateLimit.js";
import { HttpError } from "./errors.js";

/** Counts one hit for `key`; over the limit it throws 429 RATE_LIMITED with Retry-After. */
export async function enforceLimit(limiter: RateLimiter, key: string, what: string): Promise<void> {
  const r = await limiter.take(key);
  if (!r.ok) {
    throw new HttpError(429, "RATE_LIMITED", `too many ${what}; try again in ${r.retryAfterS} s`, {
      "Retry-After": String(r.retryAfterS),
    });
  }
}
