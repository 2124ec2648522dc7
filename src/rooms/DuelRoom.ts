import { z } from "zod";
import {
  STARTER_DECKS,
  duel,
  initialEvents,
  type DeckInput,
  type DuelAction,
  type DuelBoxScore,
  type DuelEvent,
  type DuelOptions,
  type DuelOutcome,
  type DuelState as EngineState,
  type DuelView,
} from "../games/duel/index.js";
import { DuelSeat, DuelState } from "../schema/DuelState.js";
import type { SeatState } from "../schema/TableState.js";
import type { AccessClaims } from "../services/tokens.js";
import { syncDuelPrivate, syncDuelPublic } from "./duelMapping.js";
import { joinError, type JoinVerdict } from "./table/admission.js";
import { REQUEST_KEY } from "./table/holdings.js";
import type { TableClient } from "./table/client.js";
import { REST_TABLE_KEY, restTableSpec, type RestTableSpec } from "./table/invitation.js";
import { TableRoom, type SeatInvitation, type TableRoomOptions } from "./TableRoom.js";

/** Options a vs-bot or private table may choose. */
const publicOptions = z.object({ prizes: z.number().int().min(1).max(6).optional() }).strict();
/** Tests may also fix the first player and keep given decks unshuffled (NODE_ENV=test only). */
const testOptions = publicOptions.extend({ first: z.union([z.literal(0), z.literal(1)]).optional(), noShuffle: z.boolean().optional() }).strict();


/** A REST-created table waits this long for its players; then it closes (nobody played). */
export const REST_TABLE_WAIT_MS = 15 * 60_000;

const deckIdOption = z.object({ deckId: z.uuid().optional() }).passthrough();

/**
 * The two-player card duel (src/games/duel). Turn clock: 180 s with a warning 30 s before (a
 * private/vs-bot table may choose `turnSeconds`/`turnWarningSeconds`), the game's timeout action
 * (pass) on expiry, the match lost after MAX_TIMEOUTS expiries in a row on every table, 15 s
 * added when a player reconnects during his turn. Each player may bring one of his stored decks
 * (`deckId` join option); otherwise he plays a starter deck.
 */
/** A join refusal (`CODE: message`) as a matchmaking verdict. */
function admissionRefusal(err: unknown): JoinVerdict {
  const text = err instanceof Error ? err.message : String(err);
  const at = text.indexOf(": ");
  return at > 0 ? { ok: false, code: text.slice(0, at), message: text.slice(at + 2) } : { ok: false, code: "BAD_OPTIONS", message: text };
}

export class DuelRoom extends TableRoom<EngineState, DuelAction, DuelView, DuelEvent, DuelOutcome, DuelBoxScore, DuelOptions, DuelState> {
  readonly definition = duel;
  /** Each seated user's deck (normalised card ids), from his `deckId` or the REST creation. */
  private readonly decksByUser = new Map<string, string[]>();
  private rest: RestTableSpec | null = null;

  protected override defaultTableOptions(): TableRoomOptions {
    return { turnTimeoutS: 180, turnWarningS: 30, reconnectExtensionMs: 15_000, forfeitOnTimeouts: true };
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    const raw = (rawOptions && typeof rawOptions === "object" ? rawOptions : {}) as Record<string, unknown>;
    const fromServer = !(REQUEST_KEY in raw);
    if (raw[REST_TABLE_KEY] !== undefined) {
      if (!fromServer) throw joinError("BAD_OPTIONS", `${REST_TABLE_KEY}: tables seated by invitation are created with POST /games`);
      this.rest = restTableSpec.parse(raw[REST_TABLE_KEY]);
      this.decksByUser.set(this.rest.creator, this.rest.creatorDeck);
    }
    await super.onCreate(rawOptions);
    if (this.rest) {
      // Nobody is connected yet: the table must wait for its players rather than close at once.
      this.autoDispose = false;
      this.timer(() => {
        if (this.state.status === "waiting") void this.disconnect();
      }, REST_TABLE_WAIT_MS);
    }
  }

  override invitation(): SeatInvitation | null {
    const rest = this.rest;
    if (!rest) return null;
    return {
      admits: (userId) => {
        if (userId === rest.creator) return true;
        if (rest.opponent === "bot") return false;
        if (rest.opponent === "open") return !this.seats.list.some((s) => s.userId !== null && s.userId !== rest.creator);
        return userId === rest.opponent.userId;
      },
    };
  }

  /** Matchmaking-time check (any process): also the joining player's deck, so a refusal comes before the socket opens. */
  override async checkJoin(claims: AccessClaims, rawOptions: unknown): Promise<JoinVerdict> {
    const verdict = await super.checkJoin(claims, rawOptions);
    if (!verdict.ok) return verdict;
    try {
      await this.deckFor(claims.sub, rawOptions);
      return { ok: true };
    } catch (err) {
      return admissionRefusal(err);
    }
  }

  /** The deck a newcomer brings (`deckId`), checked; undefined when he brings none and may play a starter deck. */
  private async deckFor(userId: string, rawOptions: unknown): Promise<string[] | undefined> {
    const parsed = deckIdOption.safeParse(rawOptions ?? {});
    if (!parsed.success) throw joinError("BAD_OPTIONS", "deckId: must be the id (UUID) of one of your decks");
    const newcomer = !this.seats.ofUser(userId) && !(rawOptions as { spectate?: unknown } | undefined)?.spectate;
    if (!newcomer || this.state.status !== "waiting") return undefined;
    const deckId = parsed.data.deckId;
    if (deckId) return this.loadDeck(userId, deckId);
    if (this.rest && userId !== this.rest.creator) throw joinError("BAD_OPTIONS", "deckId: choose one of your duel decks to join this table");
    return undefined;
  }

  /** Loads and checks the joining player's deck (`deckId`) before the table seats him. */
  override async onJoin(client: TableClient, rawOptions: unknown): Promise<void> {
    const claims = client.auth as AccessClaims;
    const deck = await this.deckFor(claims.sub, rawOptions);
    if (deck) this.decksByUser.set(claims.sub, deck);
    super.onJoin(client, rawOptions);
  }

  private async loadDeck(userId: string, deckId: string): Promise<string[]> {
    const deck = await this.services.decks?.get(userId, deckId);
    if (!deck) throw joinError("BAD_OPTIONS", "deckId: you have no deck with this id");
    if (deck.game !== duel.name) throw joinError("BAD_OPTIONS", `deckId: that deck is for ${deck.game}, not the duel`);
    // Stored decks were checked when saved; the rules may have changed since.
    const check = duel.validateDeck?.(deck.cards);
    if (!check?.ok) throw joinError("BAD_OPTIONS", `deckId: the deck no longer meets the deck rules: ${check?.ok === false ? check.errors.map((e) => e.message).join("; ") : ""}`);
    return check.cards;
  }

  /** Each seat plays its player's deck; bots and players without one play a starter deck. */
  override beforeStart(): void {
    const decks: DeckInput[] = this.seats.list.map(
      (s) => (s.userId && !s.isBot ? this.decksByUser.get(s.userId) : undefined) ?? (STARTER_DECKS[s.index % STARTER_DECKS.length] as DeckInput),
    );
    this.options = { ...this.options, decks };
  }

  override onLeave(client: TableClient): void {
    const userId = client.userData?.userId;
    super.onLeave(client);
    // A player who left a table that has not started takes his deck choice with him.
    if (userId && this.state.status === "waiting" && !this.seats.ofUser(userId) && userId !== this.rest?.creator) this.decksByUser.delete(userId);
  }

  protected createState(): DuelState {
    return new DuelState();
  }

  protected createSeat(index: number, team: number): SeatState {
    const seat = new DuelSeat();
    seat.index = index;
    seat.team = team;
    return seat;
  }

  syncPublic(view: DuelView): void {
    syncDuelPublic(this.state, view);
  }

  syncPrivate(seat: SeatState, view: DuelView | null): void {
    syncDuelPrivate(seat as DuelSeat, view);
  }

  handCount(view: DuelView, seat: number): number {
    return view.players[seat]?.handCount ?? 0;
  }

  protected gameOptions(raw: Record<string, unknown> | undefined, testHooks: boolean, ranked: boolean): DuelOptions {
    if (ranked || !raw) return {};
    return (testHooks ? testOptions : publicOptions).parse(raw) as DuelOptions;
  }

  override initialEvents(state: EngineState): DuelEvent[] {
    return initialEvents(state);
  }
}
