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

/**
 * Players as real guests of the server under test (`POST /auth/guest`, one per virtual player):
 * needs no shared secret. Guest creation is limited per IP (AUTH_RATE_LIMIT_PER_IP a minute), so
 * a 429 is waited out (Retry-After) and creations are serialised; large runs sign tokens instead.
 */
export class GuestUsers {
  private n = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Seconds spent waiting for the server's guest rate limit (reported by the tool). */
  waitedS = 0;

  constructor(
    private readonly url: string,
    private readonly prefix = "load",
  ) {}

  next(): Promise<{ id: string; name: string; token: string }> {
    const run = this.queue.then(() => this.create());
    this.queue = run.catch(() => {});
    return run;
  }

  private async create(): Promise<{ id: string; name: string; token: string }> {
    const name = `${this.prefix}-${++this.n}`;
    for (;;) {
      const res = await fetch(new URL("/auth/guest", this.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: name }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 429) {
        const wait = Math.max(1, Number(res.headers.get("retry-after") ?? 1));
        this.waitedS += wait;
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      if (res.status !== 201) throw new Error(`POST /auth/guest answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { accessToken: string; user: { id: string } };
      return { id: body.user.id, name, token: body.accessToken };
    }
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
