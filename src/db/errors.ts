/**
 * Errors that mean "the database is not answering", as opposed to a bad query. The HTTP layer
 * turns them into 503 DATABASE_UNAVAILABLE; everything else stays a 500.
 */
export class DatabaseTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /connection timeout/i,
  // The database was closed under the caller (shutdown): Kysely's destroyed driver, pg's ended pool.
  /driver has already been destroyed/i,
  /Cannot use a pool after calling end on the pool/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseTimeoutError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE 57014: statement_timeout; 57P01-57P03: shutting down / cannot connect now; 08xxx: connection exceptions.
    if (code === "57014" || code.startsWith("57P") || code.startsWith("08")) return true;
  }
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(err.message))) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isDatabaseUnavailable(cause);
}
