import { SignJWT, jwtVerify, errors as joseErrors } from "jose";

/**
 * Short-lived access tokens (JWT, HS256). The rooms verify them in onAuth, the HTTP API in its
 * auth middleware; both go through `verifyAccessToken` so the rules are the same everywhere.
 */

export type Role = "player" | "admin";

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Display name shown at the table. */
  name: string;
  role: Role;
  guest: boolean;
}

export class TokenError extends Error {
  constructor(
    readonly code: "TOKEN_MISSING" | "TOKEN_EXPIRED" | "TOKEN_INVALID",
    message: string,
  ) {
    super(message);
    this.name = "TokenError";
  }
}

const ISSUER = "diwan";
const AUDIENCE = "diwan";

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly accessTtlSeconds = 15 * 60,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async signAccessToken(claims: AccessClaims, ttlSeconds = this.accessTtlSeconds): Promise<string> {
    return new SignJWT({ name: claims.name, role: claims.role, guest: claims.guest })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  async verifyAccessToken(token: unknown): Promise<AccessClaims> {
    if (typeof token !== "string" || token.length === 0) throw new TokenError("TOKEN_MISSING", "an access token is required");
    if (token.length > 4096) throw new TokenError("TOKEN_INVALID", "access token is too long");
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
      const { sub, name, role, guest } = payload as Record<string, unknown>;
      if (typeof sub !== "string" || typeof name !== "string" || (role !== "player" && role !== "admin")) {
        throw new TokenError("TOKEN_INVALID", "access token has malformed claims");
      }
      return { sub, name, role, guest: guest === true };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new TokenError("TOKEN_EXPIRED", "access token has expired");
      throw new TokenError("TOKEN_INVALID", "access token is not valid");
    }
  }
}
