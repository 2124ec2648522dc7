import { matchMaker } from "@colyseus/core";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { activeTables, findMatch, matchDetails, myMatches } from "../services/history.js";
import { pendingTables } from "../services/gameTables.js";
import { verifyFairness } from "../services/fairDeals.js";
import type { MatchStore } from "../services/matchStore.js";
import type { TableRegistry } from "../services/tableRegistry.js";
import { gameDefinition, loadEntries, rebuildBoxScore } from "../services/replay.js";
import { errorBody, isoDate, mount, paging, route, uuidParam } from "./contract.js";
import { HttpError } from "./errors.js";

/** History, live tables, box scores, replays and shuffle verification. */

const status = z.enum(["live", "finished", "interrupted", "abandoned"]);
const result = z.enum(["win", "loss", "draw"]).nullable();
const json = z.record(z.string(), z.unknown());

const matchSummary = z.object({
  id: z.uuid(),
  game: z.string(),
  status,
  ranked: z.boolean(),
  startedAt: isoDate,
  endedAt: isoDate.nullable(),
  durationMs: z.number().int().nullable(),
  winnerTeam: z.number().int().nullable(),
  scores: z.array(z.number()).nullable(),
  seat: z.number().int(),
  team: z.number().int(),
  result,
  pointsDelta: z.number().int().nullable(),
});

const matchDetails_ = z
  .object({
    id: z.uuid(),
    game: z.string(),
    status,
    ranked: z.boolean(),
    options: json,
    startedAt: isoDate,
    endedAt: isoDate.nullable(),
    durationMs: z.number().int().nullable(),
    winnerTeam: z.number().int().nullable(),
    scores: z.array(z.number()).nullable(),
    outcome: json.nullable(),
    eventCount: z.number().int(),
    seedRevealed: z.boolean(),
    players: z.array(
      z.object({
        seat: z.number().int(),
        team: z.number().int(),
        userId: z.uuid().nullable(),
        displayName: z.string(),
        isBot: z.boolean(),
        result,
        pointsDelta: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: "Match" });

const entry = z.object({
  seq: z.number().int(),
  at: isoDate,
  seat: z.number().int().nullable(),
  source: z.enum(["player", "bot", "timeout", "room"]),
  action: json.nullable(),
  events: z.array(z.unknown()),
  /** SHA-256(previous hash ‖ canonical JSON of seq, seat, source, action, events); null before the chain existed. */
  hash: z.string().nullable(),
});

const notFound = { description: "MATCH_NOT_FOUND", schema: errorBody };

export const matchRoutes = {
  mine: route({
    method: "get",
    path: "/matches/me",
    tag: "matches",
    summary: "My matches, newest first",
    access: "user",
    query: paging(20, 100),
    responses: { 200: { description: "One page", schema: z.object({ items: z.array(matchSummary), offset: z.number().int(), limit: z.number().int() }) } },
  }),
  active: route({
    method: "get",
    path: "/games/me/active",
    tag: "matches",
    summary: "Live, paused and interrupted tables I hold a seat in, with what is needed to rejoin; tables created over REST that wait for me",
    description:
      "Session recovery: join `roomId` again (or reconnect) with a fresh access token; the seat is held for RECONNECT_GRACE_S. " +
      "`status`: `playing`, `paused` (`pauseReason` `manual`: the owner or an admin paused it; `idle`: nobody acted for IDLE_PAUSE_S and it was " +
      "unloaded) or `interrupted` (its process stopped): `client.joinById(roomId)` brings the player back (an unloaded table is loaded again). " +
      "`waiting`: tables created with POST /games that have not started, which I created or am invited to (join with `joinById(roomId, { deckId })`).",
    access: "user",
    responses: {
      200: {
        description: "Live tables",
        schema: z.object({
          items: z.array(
            z.object({
              matchId: z.uuid(),
              roomId: z.string(),
              game: z.string(),
              seat: z.number().int(),
              team: z.number().int(),
              ranked: z.boolean(),
              startedAt: isoDate,
              status: z.enum(["playing", "paused", "interrupted"]),
              pauseReason: z.enum(["manual", "idle"]).nullable(),
            }),
          ),
          waiting: z.array(
            z.object({
              roomId: z.string(),
              game: z.string(),
              opponent: z.enum(["bot", "open", "user"]),
              createdBy: z.uuid(),
              /** True when I am the invited player. */
              invited: z.boolean(),
              createdAt: isoDate,
            }),
          ),
        }),
      },
    },
  }),
  details: route({
    method: "get",
    path: "/matches/:id",
    tag: "matches",
    summary: "One match: players, teams, result, timings, status",
    access: "user",
    params: uuidParam,
    responses: { 200: { description: "The match", schema: matchDetails_ }, 404: notFound },
  }),
  boxscore: route({
    method: "get",
    path: "/matches/:id/boxscore",
    tag: "matches",
    summary: "Box score: from the running room while live, else from the database",
    access: "user",
    params: uuidParam,
    responses: {
      200: {
        description: "Box score as the game's summarise() produces it",
        schema: z.object({ matchId: z.uuid(), source: z.enum(["live", "stored", "rebuilt"]), final: z.boolean(), box: z.unknown() }),
      },
      404: notFound,
    },
  }),
  replay: route({
    method: "get",
    path: "/matches/:id/replay",
    tag: "matches",
    summary: "Everything needed to re-run a finished match with the engine",
    description: "Fold the game's apply() over `entries` from setup({ seed, seats, options }). Refused while the match is live.",
    access: "user",
    params: uuidParam,
    responses: {
      200: {
        description: "Options, revealed seed and the ordered log",
        schema: z
          .object({
            matchId: z.uuid(),
            game: z.string(),
            seats: z.number().int(),
            options: json,
            seed: z.string().describe("The seed the engine dealt from (with commit–reveal: HMAC-SHA-256(serverSeed, clientSeeds))"),
            serverSeed: z.string().nullable().describe("Revealed server seed; null for matches stored before commit–reveal"),
            seedCommitment: z.string().nullable().describe("SHA-256 (hex) of serverSeed, published before the first deal"),
            clientSeeds: z.array(z.string()).nullable().describe("The seats' client seeds in seat order (\"\" for bots)"),
            rngAlgorithm: z.string().nullable(),
            eventCount: z.number().int().describe("How many entries the match logged"),
            outcome: json.nullable(),
            entries: z.array(entry),
          })
          .meta({ id: "Replay" }),
      },
      403: { description: "SEED_NOT_REVEALED (interrupted or external match)", schema: errorBody },
      404: notFound,
      409: { description: "MATCH_LIVE: no hidden information while the match runs", schema: errorBody },
    },
  }),
  verify: route({
    method: "get",
    path: "/matches/:id/verify",
    tag: "matches",
    summary: "Check the commitment, the dealing-seed derivation, every deal and the log's hash chain",
    description: "docs/FAIRNESS.md \"Provably fair deals\": SHA-256(serverSeed) = seedCommitment; HMAC-SHA-256(serverSeed, clientSeeds) = the dealing seed; every hand re-dealt from it equals the dealt cards; every entry's hash links to the previous one.",
    access: "user",
    params: uuidParam,
    responses: {
      200: {
        description: "Per hand: whether the stored deal equals the one the seed produces",
        schema: z.object({
          matchId: z.uuid(),
          seed: z.string(),
          supported: z.boolean(),
          ok: z.boolean(),
          hands: z.array(z.object({ hand: z.number().int(), dealer: z.number().int(), ok: z.boolean(), mismatches: z.array(z.string()) })),
          scheme: z.enum(["commit-reveal", "seed-only"]).describe("seed-only: a match stored before commit–reveal (deals checked from its seed)"),
          commitmentOk: z.boolean().nullable(),
          derivationOk: z.boolean().nullable(),
          dealingSeed: z.string(),
          chain: z.object({
            ok: z.boolean(),
            checked: z.boolean(),
            entries: z.number().int(),
            brokenAt: z.number().int().nullable(),
            reason: z.string().nullable(),
          }),
        }),
      },
      403: { description: "SEED_NOT_REVEALED", schema: errorBody },
      404: notFound,
      409: { description: "MATCH_LIVE", schema: errorBody },
    },
  }),
};

export interface MatchesRouterDeps {
  db: Db;
  user: RequestHandler;
  /** Live box score from the room, wherever it runs; undefined when it does not answer. */
  liveBoxScore?: (roomId: string) => Promise<unknown>;
  /** Which of these rooms still exist (matchmaker cache, shared across processes). */
  roomsAlive?: (roomIds: string[]) => Promise<Set<string>>;
  /** Which of these rooms still wait for their players (not started). */
  roomsWaiting?: (roomIds: string[]) => Promise<Set<string>>;
  /** The table registry: paused and interrupted tables (issue 12). */
  tables?: TableRegistry;
  /** This process's match store (made once the matchmaker is ready): the rooms of its live matches. */
  matchStore?: () => MatchStore | undefined;
}

/** Asks each table (wherever it runs) whether it is still waiting for its players. */
export async function roomsWaitingInMatchmaker(roomIds: string[]): Promise<Set<string>> {
  const answers = await Promise.all(
    roomIds.map((id) =>
      (matchMaker.remoteRoomCall(id, "getTableInfo") as Promise<{ status?: string } | null>).then(
        (info) => (info?.status === "waiting" ? id : null),
        () => null,
      ),
    ),
  );
  return new Set(answers.filter((id): id is string => id !== null));
}

export async function liveBoxScoreFromRoom(roomId: string): Promise<unknown> {
  try {
    // No args: a room without getBoxScore yields undefined instead of throwing.
    return (await matchMaker.remoteRoomCall(roomId, "getBoxScore" as never, undefined, 1500)) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function roomsAliveInMatchmaker(roomIds: string[]): Promise<Set<string>> {
  const found = await matchMaker.findRoomsByIds(roomIds);
  return new Set(found.keys());
}

function revealedOrRefuse(m: { status: string; seed_revealed: boolean }): void {
  if (m.status === "live") throw new HttpError(409, "MATCH_LIVE", "the match is still being played; its seed and hands are secret until it ends");
  if (!m.seed_revealed) throw new HttpError(403, "SEED_NOT_REVEALED", "this match's seed was never revealed");
}

export function matchesRouter(deps: MatchesRouterDeps): Router {
  const router = Router();
  const { db } = deps;
  const liveBox = deps.liveBoxScore ?? liveBoxScoreFromRoom;
  const alive = deps.roomsAlive ?? roomsAliveInMatchmaker;
  const mustFind = async (id: string) => {
    const m = await findMatch(db, id);
    if (!m) throw new HttpError(404, "MATCH_NOT_FOUND", "no such match");
    return m;
  };

  mount(router, matchRoutes.mine, [deps.user], async ({ query }, req) => ({
    status: 200,
    body: { items: await myMatches(db, req.user!.sub, query.offset, query.limit), offset: query.offset, limit: query.limit },
  }));

  const waitingRooms = deps.roomsWaiting ?? roomsWaitingInMatchmaker;
  mount(router, matchRoutes.active, [deps.user], async (_input, req) => {
    const me = req.user!.sub;
    const liveTables = await activeTables(db, me, alive);
    const known = deps.tables ? await deps.tables.statuses(liveTables.map((i) => i.roomId)) : new Map();
    type Item = (typeof liveTables)[number] & { status: "playing" | "paused" | "interrupted"; pauseReason: "manual" | "idle" | null };
    const items: Item[] = liveTables.map((i) => {
      const t = known.get(i.roomId);
      const paused = t?.status === "paused";
      return { ...i, status: paused ? "paused" : "playing", pauseReason: paused ? (t?.pauseReason ?? null) : null };
    });
    const seen = new Set(items.map((i) => i.roomId));
    for (const r of deps.tables ? await deps.tables.resumable(me) : []) {
      if (seen.has(r.roomId)) continue;
      seen.add(r.roomId);
      items.push({ matchId: r.matchId, roomId: r.roomId, game: r.game, seat: r.seat, team: r.team, ranked: r.ranked, startedAt: r.startedAt.toISOString(), status: r.status, pauseReason: r.pauseReason });
    }
    const pending = await pendingTables(db, me, waitingRooms);
    const live = new Set(items.map((i) => i.roomId));
    const waiting = pending
      .filter((p) => !live.has(p.roomId))
      .map((p) => ({ roomId: p.roomId, game: p.game, opponent: p.opponent, createdBy: p.creatorId, invited: p.inviteeId === me, createdAt: p.createdAt }));
    return { status: 200, body: { items, waiting } };
  });

  mount(router, matchRoutes.details, [deps.user], async ({ params }) => {
    const m = await matchDetails(db, params.id);
    if (!m) throw new HttpError(404, "MATCH_NOT_FOUND", "no such match");
    return { status: 200, body: m };
  });

  mount(router, matchRoutes.boxscore, [deps.user], async ({ params }) => {
    const m = await findMatch(db, params.id);
    if (!m) {
      // Just started here: the room answers before its row reaches the database (MatchStore.liveMatches).
      const roomId = deps.matchStore?.()?.liveMatches.get(params.id);
      const box = roomId ? await liveBox(roomId) : undefined;
      if (box !== undefined) return { status: 200, body: { matchId: params.id, source: "live", final: false, box } };
      throw new HttpError(404, "MATCH_NOT_FOUND", "no such match");
    }
    if (m.status === "live") {
      const box = await liveBox(m.room_id);
      if (box !== undefined) return { status: 200, body: { matchId: m.id, source: "live", final: false, box } };
    }
    const stored = await db.selectFrom("box_scores").select(["box", "final"]).where("match_id", "=", m.id).executeTakeFirst();
    if (stored) return { status: 200, body: { matchId: m.id, source: "stored", final: stored.final, box: stored.box } };
    const def = gameDefinition(m.game);
    if (!def) throw new HttpError(404, "BOX_SCORE_NOT_FOUND", "no box score for this match");
    const box = rebuildBoxScore(def, await loadEntries(db, m.id));
    return { status: 200, body: { matchId: m.id, source: "rebuilt", final: m.status === "finished", box } };
  });

  mount(router, matchRoutes.replay, [deps.user], async ({ params }) => {
    const m = await mustFind(params.id);
    revealedOrRefuse(m);
    const seats = await db
      .selectFrom("match_players")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("match_id", "=", m.id)
      .executeTakeFirstOrThrow();
    const entries = await loadEntries(db, m.id);
    return {
      status: 200,
      body: {
        matchId: m.id,
        game: m.game,
        seats: Number(seats.n),
        options: m.options,
        seed: m.seed,
        serverSeed: m.server_seed,
        seedCommitment: m.seed_commitment,
        clientSeeds: m.client_seeds,
        rngAlgorithm: m.rng_algorithm,
        eventCount: m.event_count,
        outcome: m.outcome,
        entries: entries.map((e) => ({ ...e, hash: e.hash ?? null, at: new Date(e.at).toISOString() })),
      },
    };
  });

  mount(router, matchRoutes.verify, [deps.user], async ({ params }) => {
    const m = await mustFind(params.id);
    revealedOrRefuse(m);
    const report = verifyFairness({
      game: m.game,
      options: m.options,
      seed: m.seed,
      serverSeed: m.server_seed,
      seedCommitment: m.seed_commitment,
      clientSeeds: m.client_seeds,
      eventCount: m.event_count,
      entries: await loadEntries(db, m.id),
    });
    return { status: 200, body: { matchId: m.id, seed: m.seed, ...report } };
  });

  return router;
}
