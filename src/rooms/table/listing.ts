/** Listing metadata of a public table (read by `GET /tables/public` from the matchmaking driver). */
export interface PublicListing {
  mode: "quick" | "bots" | "private";
  ranked: boolean;
  game: string;
  status: "waiting" | "playing" | "paused" | "finished";
  seats: { seat: number; name: string; bot: boolean; connected: boolean }[];
  spectators: number;
}

/**
 * Keeps a public table's listing metadata current so `GET /tables/public` answers for every
 * process from the matchmaking driver without calling each room. Writes only on change.
 */
export class ListingPublisher {
  private published = "";

  constructor(private readonly write: (listing: PublicListing) => Promise<unknown>) {}

  publish(listing: PublicListing): void {
    const json = JSON.stringify(listing);
    if (json === this.published) return;
    this.published = json;
    void this.write(listing);
  }
}
