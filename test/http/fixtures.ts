import { randomBytes } from "node:crypto";
import { Room } from "@colyseus/core";
import { baloot, initialEvents } from "../../src/games/baloot/index.js";
import { botTurn } from "../../src/games/core/GameDefinition.js";
import { streamFor } from "../../src/games/core/rng.js";
import type { Db } from "../../src/db/database.js";
import type { StoredEntry } from "../../src/services/replay.js";

/**
 * Test data shaped exactly as TableRoom + MatchRecorder store it: a full bot-played Baloot match
 * (engine only, no room), logged entry by entry.
 */
export function playBotMatch(seed = randomBytes(16).toString("hex"), options: Record<string, unknown> = {}) {
  let state = baloot.setup({ seed, seats: 4, options });
  const entries: StoredEntry[] = [{ seq: 1, at: new Date(), seat: null, source: "room", action: null, events: initialEvents(state) }];
  for (let guard = 0; guard < 5000 && !baloot.outcome(state); guard++) {
    const seat = baloot.activeSeats(state)[0]!;
    const action = botTurn(baloot, state, seat, null, streamFor("bot")).action as unknown as Record<string, unknown>;
    const r = baloot.apply(state, seat, action);
    state = r.state;
    entries.push({ seq: entries.length + 1, at: new Date(), seat, source: "bot", action, events: r.events });
  }
  const outcome = baloot.outcome(state);
  if (!outcome) throw new Error("bot match did not finish");
  const box = baloot.summarise(entries.flatMap((e) => e.events) as never);
  return { seed, options, entries, outcome, box };
}

export interface InsertOptions {
  /** user ids by seat; null seats are bots. */
  users: (string | null)[];
  status?: "live" | "finished" | "interrupted";
  createdAt?: Date;
  withBoxScore?: boolean;
  roomId?: string;
}

export async function insertPlayedMatch(db: Db, played: ReturnType<typeof playBotMatch>, o: InsertOptions): Promise<string> {
  const status = o.status ?? "finished";
  const finished = status === "finished";
  const m = await db
    .insertInto("matches")
    .values({
      game: "baloot",
      room_id: o.roomId ?? `room-${randomBytes(4).toString("hex")}`,
      options: JSON.stringify(played.options),
      seed: played.seed,
      seed_revealed: finished,
      status,
      created_at: o.createdAt ?? new Date(),
      ended_at: finished ? new Date() : null,
      duration_ms: finished ? 1234 : null,
      winner_team: finished ? played.outcome.winnerTeam : null,
      scores: finished ? JSON.stringify(played.outcome.scores) : null,
      outcome: finished ? JSON.stringify(played.outcome) : null,
      event_count: played.entries.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("match_players")
    .values(o.users.map((u, seat) => ({ match_id: m.id, seat, team: seat & 1, user_id: u, display_name: u ? `Player ${seat}` : `Bot ${seat}`, is_bot: u === null })))
    .execute();
  await db
    .insertInto("match_events")
    .values(played.entries.map((e) => ({ match_id: m.id, seq: e.seq, at: e.at, seat: e.seat, source: e.source, action: e.action === null ? null : JSON.stringify(e.action), events: JSON.stringify(e.events) })))
    .execute();
  if (o.withBoxScore ?? true) {
    await db.insertInto("box_scores").values({ match_id: m.id, box: JSON.stringify(played.box), final: finished }).execute();
  }
  return m.id;
}

/** Stands in for a running game room: answers getBoxScore like TableRoom does. */
export class BoxScoreRoom extends Room {
  static readonly box = { hands: [], players: [], scores: [7, 3], final: null, fixture: "live" };
  getBoxScore(): unknown {
    return BoxScoreRoom.box;
  }
}
