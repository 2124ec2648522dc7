/** Listing metadata of a public table (read by `GET /tables/public` from the matchmaking driver). */
export interface PublicListing {
  mode: "quick" | "bots" | "private";
  ranked: boolean;
  game: string;
  status: "waiting" | "playing" | "paused" | "finished";
  seats: { seat: number; name: string; bot: boolean; connected: boolean }[];
  spectators: number;
}

/** What a listing is made of that changes during a table's life. */
export interface ListingFacts {
  status: PublicListing["status"];
  spectators: number;
  seats: readonly { index: number; name: string; isBot: boolean; botControlled: boolean; connected: boolean }[];
}

/**
 * Keeps a public table's listing metadata current so `GET /tables/public` answers for every
 * process from the matchmaking driver without calling each room. Writes only on change. Asked
 * on every commit (every action), so the facts are compared with the last ones written, field
 * by field, and the listing is built only when one differs (issue 10: building and serialising
 * it per action was garbage on the action path).
 */
export class ListingPublisher {
  /** The facts last written, flat: status, spectators, then name, bot, connected per seat. */
  private last: (string | number | boolean)[] = [];

  constructor(
    private readonly fixed: Pick<PublicListing, "mode" | "ranked" | "game">,
    private readonly write: (listing: PublicListing) => Promise<unknown>,
  ) {}

  publish(facts: ListingFacts): void {
    if (this.same(facts)) return;
    const seats = facts.seats.map((s) => ({ seat: s.index, name: s.name, bot: s.isBot || s.botControlled, connected: s.isBot || s.connected }));
    this.last = [facts.status, facts.spectators, ...seats.flatMap((s) => [s.name, s.bot, s.connected])];
    void this.write({ ...this.fixed, status: facts.status, seats, spectators: facts.spectators });
  }

  private same(facts: ListingFacts): boolean {
    const last = this.last;
    if (last.length !== 2 + 3 * facts.seats.length || last[0] !== facts.status || last[1] !== facts.spectators) return false;
    for (let i = 0; i < facts.seats.length; i++) {
      const s = facts.seats[i] as ListingFacts["seats"][number];
      const at = 2 + 3 * i;
      if (last[at] !== s.name || last[at + 1] !== (s.isBot || s.botControlled) || last[at + 2] !== (s.isBot || s.connected)) return false;
    }
    return true;
  }
}
