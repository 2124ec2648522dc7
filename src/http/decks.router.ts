import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { DECK_SIZE, MAX_COPIES, cardList } from "../games/duel/index.js";
import { DeckRefused, DeckService, MAX_DECKS_PER_USER, type Deck } from "../services/decks.js";
import { errorBody, isoDate, mount, route, uuidParam } from "./contract.js";
import { HttpError } from "./errors.js";

/** Players' decks (per user, validated by the game's own deck rules) and the duel's card catalogue. */

/** A deck as sent: card ids, or `{ card, count }` entries (the game's validateDeck decides the rest). */
const deckCards = z
  .array(z.union([z.string().max(64), z.object({ card: z.string().max(64), count: z.number().int() }).strict()]))
  .max(200)
  .meta({ description: "Card ids (one per card), or { card, count } entries; checked against the game's deck rules" });

const deck = z
  .object({
    id: z.uuid(),
    game: z.string(),
    name: z.string(),
    cards: z.array(z.string()).meta({ description: "The deck as the game normalised it: one card id per card" }),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Deck" });

const deckFault = z.object({ code: z.string(), message: z.string(), card: z.string().optional() });
const deckRefusal = z
  .object({ error: z.object({ code: z.string(), message: z.string(), faults: z.array(deckFault) }) })
  .meta({ id: "DeckRefusal", description: "INVALID_DECK lists every deck rule broken (faults); UNKNOWN_GAME, NO_DECKS_FOR_GAME, TOO_MANY_DECKS have none" });

const deckName = z.string().trim().min(1).max(60);
const notFound = { description: "DECK_NOT_FOUND (also for another user's deck)", schema: errorBody };
const refused = { description: "The deck breaks the game's deck rules, or the game has no decks", schema: deckRefusal };

const cardSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(["creature", "energy", "trainer"]) })
  .catchall(z.unknown())
  .meta({ id: "DuelCard", description: "One catalogue card: creature, energy or trainer (fields: src/games/duel/README.md, card data format)" });

export const deckRoutes = {
  create: route({
    method: "post",
    path: "/decks",
    tag: "decks",
    summary: "Save a new deck (checked against the game's deck rules)",
    description: `At most ${MAX_DECKS_PER_USER} decks per user.`,
    access: "user",
    body: z.object({ game: z.string().min(1).max(32).default("duel"), name: deckName, cards: deckCards }).strict(),
    responses: { 201: { description: "The saved deck", schema: deck }, 422: refused },
  }),
  list: route({
    method: "get",
    path: "/decks",
    tag: "decks",
    summary: "My decks, newest first",
    access: "user",
    query: z.object({ game: z.string().min(1).max(32).optional() }).strict(),
    responses: { 200: { description: "My decks", schema: z.object({ items: z.array(deck) }) } },
  }),
  get: route({
    method: "get",
    path: "/decks/:id",
    tag: "decks",
    summary: "One of my decks",
    access: "user",
    params: uuidParam,
    responses: { 200: { description: "The deck", schema: deck }, 404: notFound },
  }),
  update: route({
    method: "put",
    path: "/decks/:id",
    tag: "decks",
    summary: "Rename a deck and/or replace its cards (checked again)",
    access: "user",
    params: uuidParam,
    body: z
      .object({ name: deckName.optional(), cards: deckCards.optional() })
      .strict()
      .refine((b) => b.name !== undefined || b.cards !== undefined, { message: "give name and/or cards" }),
    responses: { 200: { description: "The updated deck", schema: deck }, 404: notFound, 422: refused },
  }),
  remove: route({
    method: "delete",
    path: "/decks/:id",
    tag: "decks",
    summary: "Delete one of my decks",
    access: "user",
    params: uuidParam,
    responses: { 204: { description: "Deleted" }, 404: notFound },
  }),
  cards: route({
    method: "get",
    path: "/duel/cards",
    tag: "decks",
    summary: "The card duel's catalogue (core set)",
    access: "public",
    responses: {
      200: {
        description: "Every card of the set",
        schema: z.object({ set: z.string(), deckSize: z.number().int(), maxCopies: z.number().int(), cards: z.array(cardSchema) }),
      },
    },
  }),
};

const refusal = (err: DeckRefused) => ({ status: 422, body: { error: { code: err.code, message: err.message, faults: err.faults } } });

/** Runs a deck operation, answering a DeckRefused as 422 with its faults. */
async function deckReply(op: () => Promise<{ status: number; body?: unknown }>) {
  try {
    return await op();
  } catch (err) {
    if (err instanceof DeckRefused) return refusal(err);
    throw err;
  }
}

export function decksRouter(deps: { db: Db; user: RequestHandler }): Router {
  const router = Router();
  const decks = new DeckService(deps.db);
  const mustFind = (d: Deck | undefined): Deck => {
    if (!d) throw new HttpError(404, "DECK_NOT_FOUND", "you have no deck with this id");
    return d;
  };

  mount(router, deckRoutes.create, [deps.user], ({ body }, req) =>
    deckReply(async () => ({ status: 201, body: await decks.create(req.user!.sub, body) })),
  );
  mount(router, deckRoutes.list, [deps.user], async ({ query }, req) => ({ status: 200, body: { items: await decks.list(req.user!.sub, query.game) } }));
  mount(router, deckRoutes.get, [deps.user], async ({ params }, req) => ({ status: 200, body: mustFind(await decks.get(req.user!.sub, params.id)) }));
  mount(router, deckRoutes.update, [deps.user], ({ params, body }, req) =>
    deckReply(async () => ({ status: 200, body: mustFind(await decks.update(req.user!.sub, params.id, body)) })),
  );
  mount(router, deckRoutes.remove, [deps.user], async ({ params }, req) => {
    if (!(await decks.remove(req.user!.sub, params.id))) throw new HttpError(404, "DECK_NOT_FOUND", "you have no deck with this id");
    return { status: 204 };
  });
  mount(router, deckRoutes.cards, [], () => {
    const set = cardList("core");
    return { status: 200, body: { set: set.set, deckSize: DECK_SIZE, maxCopies: MAX_COPIES, cards: set.cards } };
  });
  return router;
}
