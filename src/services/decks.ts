import type { Db } from "../db/database.js";
import { findGame } from "../games/registry.js";

/**
 * Players' decks (issue 14): per user and game, validated by the game's own `validateDeck` before
 * they are stored, so a stored deck is always playable. Another user's deck is never found.
 */

/** Most decks one user may keep (all games together). */
export const MAX_DECKS_PER_USER = 50;

export interface Deck {
  id: string;
  game: string;
  name: string;
  cards: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DeckFault {
  code: string;
  message: string;
  card?: string;
}

/** A refusal: `faults` lists every deck rule the deck breaks (empty for other refusals). */
export class DeckRefused extends Error {
  constructor(
    readonly code: "UNKNOWN_GAME" | "NO_DECKS_FOR_GAME" | "INVALID_DECK" | "TOO_MANY_DECKS",
    message: string,
    readonly faults: DeckFault[] = [],
  ) {
    super(message);
    this.name = "DeckRefused";
  }
}

const iso = (d: Date | string): string => new Date(d).toISOString();

type Row = { id: string; game: string; name: string; cards: string[]; created_at: Date | string; updated_at: Date | string };
const toDeck = (r: Row): Deck => ({ id: r.id, game: r.game, name: r.name, cards: r.cards, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) });

/** The game's own deck rules: the normalised deck, or a DeckRefused naming every fault. */
export function checkDeck(game: string, cards: unknown): string[] {
  const definition = findGame(game);
  if (!definition) throw new DeckRefused("UNKNOWN_GAME", `no game named ${JSON.stringify(game)}`);
  if (!definition.validateDeck) throw new DeckRefused("NO_DECKS_FOR_GAME", `${game} is not played with decks`);
  const check = definition.validateDeck(cards);
  if (!check.ok) {
    throw new DeckRefused("INVALID_DECK", `the deck breaks the ${game} deck rules: ${check.errors.map((e) => e.message).join("; ")}`, check.errors);
  }
  return check.cards;
}

export class DeckService {
  constructor(private readonly db: Db) {}

  async create(userId: string, input: { game: string; name: string; cards: unknown }): Promise<Deck> {
    const cards = checkDeck(input.game, input.cards);
    const count = await this.db.selectFrom("decks").select((eb) => eb.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_DECKS_PER_USER) throw new DeckRefused("TOO_MANY_DECKS", `you already keep ${MAX_DECKS_PER_USER} decks; delete one first`);
    const row = await this.db
      .insertInto("decks")
      .values({ user_id: userId, game: input.game, name: input.name, cards: JSON.stringify(cards) })
      .returning(["id", "game", "name", "cards", "created_at", "updated_at"])
      .executeTakeFirstOrThrow();
    return toDeck(row);
  }

  async list(userId: string, game?: string): Promise<Deck[]> {
    let q = this.db.selectFrom("decks").select(["id", "game", "name", "cards", "created_at", "updated_at"]).where("user_id", "=", userId);
    if (game) q = q.where("game", "=", game);
    return (await q.orderBy("created_at", "desc").orderBy("id").execute()).map(toDeck);
  }

  /** The user's own deck, or undefined (another user's deck is not found either). */
  async get(userId: string, id: string): Promise<Deck | undefined> {
    const row = await this.db
      .selectFrom("decks")
      .select(["id", "game", "name", "cards", "created_at", "updated_at"])
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row ? toDeck(row) : undefined;
  }

  /** Replace name and/or cards (the game stays); undefined when the user has no such deck. */
  async update(userId: string, id: string, input: { name?: string; cards?: unknown }): Promise<Deck | undefined> {
    const current = await this.get(userId, id);
    if (!current) return undefined;
    const cards = input.cards === undefined ? current.cards : checkDeck(current.game, input.cards);
    const row = await this.db
      .updateTable("decks")
      .set({ name: input.name ?? current.name, cards: JSON.stringify(cards), updated_at: new Date() })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .returning(["id", "game", "name", "cards", "created_at", "updated_at"])
      .executeTakeFirst();
    return row ? toDeck(row) : undefined;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("decks").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
