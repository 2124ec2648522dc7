import { matchMaker } from "@colyseus/core";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { REST_TABLE_KEY, type RestTableSpec } from "../rooms/table/invitation.js";
import { DeckRefused, DeckService, checkDeck } from "../services/decks.js";
import { rememberGameTable } from "../services/gameTables.js";
import { errorBody, isoDate, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";

/**
 * Games over REST (issue 14): `POST /games` creates a table for a game played with decks and
 * answers with the room id to join. Only the creator and the invited player (or, for an open
 * table, the first other player) may sit there; each plays his stored deck.
 */

const opponent = z.union([
  z.literal("bot"),
  z.literal("open"),
  z.object({ userId: z.uuid() }).strict(),
]);

const rulesConfig = z
  .object({
    /** Prize cards per player. */
    prizes: z.number().int().min(1).max(6).optional(),
    /** Turn length and warning lead (defaults 180 s and 30 s). */
    turnSeconds: z.number().int().min(5).max(600).optional(),
    turnWarningSeconds: z.number().int().min(1).max(300).optional(),
  })
  .strict();

const createdGame = z
  .object({
    roomId: z.string(),
    roomName: z.string(),
    game: z.string(),
    opponent: z.enum(["bot", "open", "user"]),
    invitee: z.uuid().nullable(),
    deckId: z.uuid(),
    createdAt: isoDate,
  })
  .meta({ id: "CreatedGame", description: "Join with the SDK: `client.joinById(roomId)`; the invited player adds `{ deckId }` (one of his decks)" });

export const gameRoutes = {
  create: route({
    method: "post",
    path: "/games",
    tag: "games",
    summary: "Create a table for a game played with decks, against a bot, an invited user or the first comer",
    description:
      "The creator's deck is `deck_id` (one of his decks for that game). The invited user sees the table in GET /games/me/active (`waiting`) " +
      "and joins with `joinById(roomId, { deckId })`. The match starts when both are seated (against a bot: when the creator joins). " +
      "A table nobody starts closes after 15 minutes.",
    access: "user",
    body: z.object({ game: z.enum(["duel"]), deck_id: z.uuid(), opponent, rules_config: rulesConfig.optional() }).strict(),
    responses: {
      201: { description: "The table, waiting for its players", schema: createdGame },
      404: { description: "DECK_NOT_FOUND (not one of your decks), USER_NOT_FOUND (the invited user)", schema: errorBody },
      422: { description: "BAD_OPPONENT (inviting yourself), INVALID_DECK (the deck no longer meets the rules), WRONG_GAME (a deck of another game), BAD_OPTIONS", schema: errorBody },
    },
  }),
};

export function gamesRouter(deps: { db: Db; user: RequestHandler }): Router {
  const router = Router();
  const decks = new DeckService(deps.db);

  mount(router, gameRoutes.create, [deps.user], async ({ body }, req) => {
    const me = req.user!.sub;
    const deck = await decks.get(me, body.deck_id);
    if (!deck) throw new HttpError(404, "DECK_NOT_FOUND", "deck_id is not one of your decks");
    if (deck.game !== body.game) throw new HttpError(422, "WRONG_GAME", `deck_id is a ${deck.game} deck, not a ${body.game} deck`);
    let cards: string[];
    try {
      cards = checkDeck(body.game, deck.cards);
    } catch (err) {
      if (err instanceof DeckRefused) throw new HttpError(422, err.code, err.message);
      throw err;
    }
    const invitee = typeof body.opponent === "object" ? body.opponent.userId : null;
    if (invitee === me) throw new HttpError(422, "BAD_OPPONENT", "you cannot invite yourself");
    if (invitee && !(await deps.db.selectFrom("users").select("id").where("id", "=", invitee).executeTakeFirst())) {
      throw new HttpError(404, "USER_NOT_FOUND", "the invited user does not exist");
    }
    const spec: RestTableSpec = { creator: me, creatorDeck: cards, opponent: body.opponent };
    const rules = body.rules_config ?? {};
    let roomId: string;
    try {
      const listing = await matchMaker.createRoom(body.game, {
        mode: body.opponent === "bot" ? "bots" : "private",
        ...(rules.turnSeconds ? { turnSeconds: rules.turnSeconds } : {}),
        ...(rules.turnWarningSeconds ? { turnWarningSeconds: rules.turnWarningSeconds } : {}),
        ...(rules.prizes ? { game: { prizes: rules.prizes } } : {}),
        [REST_TABLE_KEY]: spec,
      });
      roomId = listing.roomId;
    } catch (err) {
      // The room refused its options (BAD_OPTIONS, ROOM_LIMIT …): its message starts with the code.
      const text = err instanceof Error ? err.message : String(err);
      const at = text.indexOf(": ");
      const code = at > 0 ? text.slice(0, at) : "BAD_OPTIONS";
      if (code === "ROOM_LIMIT") throw new HttpError(503, code, text.slice(at + 2));
      throw new HttpError(422, code, at > 0 ? text.slice(at + 2) : text);
    }
    const opponentKind = typeof body.opponent === "object" ? "user" : body.opponent;
    await rememberGameTable(deps.db, { roomId, game: body.game, opponent: opponentKind, creatorId: me, inviteeId: invitee });
    return {
      status: 201,
      body: { roomId, roomName: body.game, game: body.game, opponent: opponentKind, invitee, deckId: deck.id, createdAt: new Date().toISOString() },
    };
  });
  return router;
}
