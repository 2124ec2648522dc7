import { randomBytes } from "node:crypto";
import { baseball, initialEvents, type BaseballBoxScore } from "../../src/games/baseball/index.js";
import { botTurn } from "../../src/games/core/GameDefinition.js";
import { streamFor } from "../../src/games/core/rng.js";
import type { Db } from "../../src/db/database.js";
import type { StoredEntry } from "../../src/services/replay.js";

/**
 * Baseball test data shaped exactly as TableRoom + MatchRecorder store it: a bot-vs-bot game
 * played through the engine (no room), logged entry by entry, with its final box score.
 */
export function playBaseballGame(seed = randomBytes(16).toString("hex"), options: Record<string, unknown> = { innings: 7 }) {
  const state = baseball.setup({ seed, seats: 2, options });
  const entries: StoredEntry[] = [{ seq: 1, at: new Date(), seat: null, source: "room", action: null, events: initialEvents(state) }];
  const rng = streamFor(seed, "bots");
  for (let guard = 0; guard < 20_000 && !baseball.outcome(state); guard++) {
    const seat = baseball.activeSeats(state)[0]!;
    const action = botTurn(baseball, state, seat, null, rng).action as unknown as Record<string, unknown>;
    const r = baseball.apply(state, seat, action);
    entries.push({ seq: entries.length + 1, at: new Date(), seat, source: "bot", action, events: r.events });
  }
  const outcome = baseball.outcome(state);
  if (!outcome) throw new Error("bot game did not finish");
  const box: BaseballBoxScore = baseball.summarise(entries.flatMap((e) => e.events) as never);
  return { seed, options, entries, outcome, box };
}

export type PlayedGame = ReturnType<typeof playBaseballGame>;

/** Stores a played game as the recorder does: match, players (null = bot), entries, final box score. */
export async function insertBaseballGame(db: Db, game: PlayedGame, o: { managers: (string | null)[]; endedAt: Date; status?: "finished" | "live" }): Promise<string> {
  const finished = (o.status ?? "finished") === "finished";
  const m = await db
    .insertInto("matches")
    .values({
      game: "baseball",
      room_id: `room-${randomBytes(4).toString("hex")}`,
      options: JSON.stringify(game.options),
      seed: game.seed,
      seed_revealed: finished,
      status: o.status ?? "finished",
      ended_at: finished ? o.endedAt : null,
      duration_ms: finished ? 1000 : null,
      winner_team: finished ? game.outcome.winnerTeam : null,
      scores: finished ? JSON.stringify(game.outcome.scores) : null,
      outcome: finished ? JSON.stringify(game.outcome) : null,
      event_count: game.entries.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("match_players")
    .values(o.managers.map((u, seat) => ({ match_id: m.id, seat, team: seat, user_id: u, display_name: u ? `Manager ${seat}` : `Bot ${seat}`, is_bot: u === null })))
    .execute();
  await db
    .insertInto("match_events")
    .values(game.entries.map((e) => ({ match_id: m.id, seq: e.seq, at: e.at, seat: e.seat, source: e.source, action: e.action === null ? null : JSON.stringify(e.action), events: JSON.stringify(e.events) })))
    .execute();
  await db.insertInto("box_scores").values({ match_id: m.id, box: JSON.stringify(game.box), final: finished }).execute();
  return m.id;
}
