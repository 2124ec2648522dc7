import { randomBytes, randomUUID } from "node:crypto";
import { Client, type Room } from "@colyseus/sdk";
import { TokenService } from "../../src/services/tokens.js";

/**
 * Signed-in SDK clients without touching the HTTP auth routes: tokens are signed with the
 * server's JWT_SECRET (guest sign-up is rate-limited per IP, which a load generator on one IP
 * would hit at once).
 */

export function benchSecret(): string {
  return randomBytes(32).toString("hex");
}

export class BenchUsers {
  private readonly tokens: TokenService;
  private n = 0;

  constructor(secret: string, private readonly prefix = "bench") {
    // Long-lived tokens: a bounded run never outlives them.
    this.tokens = new TokenService(secret, 6 * 3600);
  }

  async next(): Promise<{ id: string; name: string; token: string }> {
    const id = randomUUID();
    const name = `${this.prefix}-${++this.n}`;
    const token = await this.tokens.signAccessToken({ sub: id, name, role: "player", guest: true });
    return { id, name, token };
  }
}

export function sdkClient(url: string, token: string): Client {
  const client = new Client(url);
  client.auth.token = token;
  return client;
}

/** Reconnection off for measured players: a drop should show up as a drop, not be hidden by a retry. */
export function noReconnect(room: Room): void {
  room.reconnection.enabled = false;
}
