import { SignJWT, jwtVerify, errors as joseErrors } from "jose";

/**
 * Short-lived access tokens (JWT, HS256). The rooms verify them in onAuth, the HTTP API in its
 * auth middleware; both go through `verifyAccessToken` so the rules are the same everywhere:
 * signature, issuer, audience, `exp` present and not passed, and — once a session check is
 * installed (`useSessionCheck`) — the account's token version and the login still being live.
 */

export type Role = "player" | "admin";

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Display name shown at the table. */
  name: string;
  role: Role;
  guest: boolean;
  /** The account's token version when the token was issued (0 for accounts never bumped). */
  ver?: number | undefined;
  /** The login (refresh-token family) the token belongs to; logout ends it. */
  sid?: string | undefined;
}

export type TokenFailure = "TOKEN_MISSING" | "TOKEN_EXPIRED" | "TOKEN_INVALID" | "TOKEN_REVOKED";

export class TokenError extends Error {
  constructor(
    readonly code: TokenFailure,
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

/**
 * Decides whether a signature-valid token is still honoured (account version, live login).
 * Throws TokenError("TOKEN_REVOKED") when it is not. See services/tokenRevocation.ts.
 */
export type SessionCheck = (claims: AccessClaims) => Promise<void>;

const ISSUER = "diwan";
const AUDIENCE = "diwan";

export class TokenService {
  private readonly key: Uint8Array;
  private sessionCheck: SessionCheck | undefined;

  constructor(
    secret: string,
    readonly accessTtlSeconds = 15 * 60,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Installed once the database is open; from then on every verification consults it. */
  useSessionCheck(check: SessionCheck | undefined): void {
    this.sessionCheck = check;
  }

  async signAccessToken(claims: AccessClaims, ttlSeconds = this.accessTtlSeconds): Promise<string> {
    const payload: Record<string, unknown> = { name: claims.name, role: claims.role, guest: claims.guest, ver: claims.ver ?? 0 };
    if (claims.sid) payload.sid = claims.sid;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /**
   * The one verification every route and room join uses (rooms: `roomServices().tokens.verifyAccessToken`).
   * Throws TokenError: TOKEN_MISSING, TOKEN_INVALID (bad signature, claims, or no `exp`),
   * TOKEN_EXPIRED, TOKEN_REVOKED (role changed, logged out, login revoked, guest upgraded).
   */
  async verifyAccessToken(token: unknown): Promise<AccessClaims> {
    const claims = await this.verifySignature(token);
    await this.sessionCheck?.(claims);
    return claims;
  }

  private async verifySignature(token: unknown): Promise<AccessClaims> {
    if (typeof token !== "string" || token.length === 0) throw new TokenError("TOKEN_MISSING", "an access token is required");
    if (token.length > 4096) throw new TokenError("TOKEN_INVALID", "access token is too long");
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["HS256"],
        // A token without an expiry would never die: refuse it outright.
        requiredClaims: ["exp", "sub"],
      });
      const { sub, name, role, guest, ver, sid } = payload as Record<string, unknown>;
      if (typeof sub !== "string" || typeof name !== "string" || (role !== "player" && role !== "admin")) {
        throw new TokenError("TOKEN_INVALID", "access token has malformed claims");
      }
      if ((ver !== undefined && !Number.isSafeInteger(ver)) || (sid !== undefined && typeof sid !== "string")) {
        throw new TokenError("TOKEN_INVALID", "access token has malformed claims");
      }
      return { sub, name, role, guest: guest === true, ver: (ver as number | undefined) ?? 0, sid: sid as string | undefined };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new TokenError("TOKEN_EXPIRED", "access token has expired");
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "exp") {
        throw new TokenError("TOKEN_INVALID", "access token has no expiry");
      }
      throw new TokenError("TOKEN_INVALID", "access token is not valid");
    }
  }
}
