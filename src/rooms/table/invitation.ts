import { z } from "zod";

/**
 * A table created over REST (`POST /games`, src/http/games.router.ts; honoured by DuelRoom): the creator, his stored
 * deck (already validated) and who may sit opposite. Honoured only for tables created by the
 * server itself (`matchMaker.createRoom`): client requests always carry the matchmaking marker.
 */
export const restTableSpec = z
  .object({
    creator: z.string().min(1),
    creatorDeck: z.array(z.string()),
    opponent: z.union([z.literal("bot"), z.literal("open"), z.object({ userId: z.string().min(1) }).strict()]),
  })
  .strict();
export type RestTableSpec = z.infer<typeof restTableSpec>;
export const REST_TABLE_KEY = "restTable";

/**
 * A table seated by invitation (e.g. created over REST): only the users `admits` accepts take a
 * seat (instead of a join code), and the match starts by itself once every seat is taken.
 */
export interface SeatInvitation {
  admits(userId: string): boolean;
}
