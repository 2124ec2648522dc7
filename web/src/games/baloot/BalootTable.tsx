import { useEffect, useMemo, useState } from "preact/hooks";
import { t, num } from "../../i18n/index.js";
import type { TableViewProps } from "../registry.js";
import { CardFace, sortHand } from "./Card.js";
import { actionLabel, bidLabel, parseCard, suitSymbol, word, type BalootAction } from "./terms.js";
import { ScoreSheet, type HandScored } from "./ScoreSheet.js";
import { byTeam, type BalootPublic, type BalootSeatJson } from "./state.js";
import { bidList, cardList, declaredKinds, revealedProjects, trickCards } from "./fields.js";

/**
 * The Baloot table: renders the room state and offers exactly the server's `legalActions`
 * (cards that are not legal are shown disabled; calls are buttons built from the list).
 */
export function BalootTable({ model, connection, seatName }: TableViewProps) {
  const state = model.state as unknown as BalootPublic;
  const me = model.mySeat;
  const viewer = me >= 0 ? me : 0;
  const mine: BalootSeatJson | undefined = me >= 0 ? state.seats[me] : undefined;
  const legal = useMemo(() => (mine?.legalActions ?? []).map((s) => JSON.parse(s) as BalootAction), [mine?.legalActions?.join("|")]);
  const [sheet, setSheet] = useState<HandScored | null>(null);
  const [showLast, setShowLast] = useState(false);

  useEffect(
    () =>
      connection.onEvents((events) => {
        for (const e of events as { type: string }[]) if (e.type === "handScored") setSheet(e as unknown as HandScored);
      }),
    [connection],
  );

  const playsByCard = new Map<string, BalootAction[]>();
  for (const a of legal) if (a.type === "play" && a.card) playsByCard.set(a.card, [...(playsByCard.get(a.card) ?? []), a]);
  const calls = legal.filter((a) => a.type !== "play" || a.akka || a.baloot);
  const hand = sortHand(cardList(mine?.hand ?? ""));
  const ctx = { round: state.biddingRound, mode: state.biddingMode, faceUpSuit: state.faceUp ? parseCard(state.faceUp).suit : "" };

  const playCard = (card: string) => {
    const options = playsByCard.get(card);
    if (!options?.length) return;
    connection.act(options.find((a) => !a.akka && !a.baloot) ?? options[0]);
  };

  // Keyboard: digits 1–8 play the n-th card of the hand when it is legal.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= hand.length) playCard(hand[n - 1] as string);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  });

  const relative = (offset: number) => (viewer + offset) % 4;
  const team = (seat: number) => seat & 1;
  const myTeam = me >= 0 ? team(me) : 0;
  const trickBySeat = new Map(trickCards(state.trick.cards).map((c) => [c.seat, c.card]));
  const lastBySeat = new Map(trickCards(state.lastTrick.cards).map((c) => [c.seat, c.card]));
  const declared = declaredKinds(state.declaredProjects);
  const allBids = bidList(state.bids);
  const revealed = revealedProjects(state.revealedProjects);
  const score = (team: number) => byTeam(state.team0Score, state.team1Score, team);
  const tricks = (team: number) => byTeam(state.team0Tricks, state.team1Tricks, team);
  const cardPoints = (team: number) => byTeam(state.team0CardPoints, state.team1CardPoints, team);

  const seatArea = (offset: number, area: string) => {
    const seat = relative(offset);
    const shown = showLast ? lastBySeat.get(seat) : trickBySeat.get(seat);
    const kinds = declared.filter((p) => p.seat === seat).map((p) => p.kind);
    const bids = allBids.filter((b) => b.seat === seat);
    const lastBid = bids[bids.length - 1];
    return (
      <div class={`seat-area ${area}`} data-seat={seat}>
        <span class="name">{seatName(seat)}</span>
        {offset !== 0 && <span class="count">{t("cardsInHand", { n: num(state.seats[seat]?.handCount ?? 0) })}</span>}
        {state.phase === "BIDDING" && lastBid && <span class="bubble">{bidLabel(lastBid.call, lastBid.round, lastBid.suit)}</span>}
        {kinds.length > 0 && <span class="bubble">{kinds.map(word).join(" · ")}</span>}
        {state.balootBy === seat && <span class="bubble">{word("BALOOT")}</span>}
        <div class="played" aria-label={seatName(seat)}>{shown ? <CardFace card={shown} /> : null}</div>
      </div>
    );
  };

  return (
    <div class="baloot">
      <section class="info" aria-label={t("contract")}>
        <div class="scores" aria-label={t("match")}>
          <span>
            {me >= 0 ? t("scoreUs") : t("team0")}: <b data-testid="score-us">{num(score(myTeam))}</b>
          </span>
          <span>
            {me >= 0 ? t("scoreThem") : t("team1")}: <b data-testid="score-them">{num(score(1 - myTeam))}</b>
          </span>
          <span class="muted">{t("to", { n: num(state.targetScore) })}</span>
          <span class="muted">{t("hand", { n: num(state.handNo) })}</span>
        </div>
        <div class="contract">
          <span class="phase">{word(state.phase)}</span>
          {state.faceUp && !state.contract && (
            <span>
              {t("faceUp")}: <CardFace card={state.faceUp} small />
            </span>
          )}
          {state.contract && (
            <span data-testid="contract">
              {t("contract")}: <b>{word(state.contract)}</b> {state.trump ? suitSymbol(state.trump) : ""} · {t("buyer")}: {seatName(state.buyer)}
              {state.ashkal ? ` · ${word("ASHKAL")}` : ""}
            </span>
          )}
          {state.doublingLevel > 1 && (
            <span>
              {t("doubling")}: ×{num(state.doublingLevel)}
              {state.gahwa ? ` ${word("GAHWA")}` : ""} {state.closed ? word("CLOSED") : ""}
            </span>
          )}
          {state.phase === "PLAYING" && (
            <span class="muted">
              {t("tricks")}: {num(tricks(myTeam))}–{num(tricks(1 - myTeam))} · {t("cardPoints")}: {num(cardPoints(myTeam))}–
              {num(cardPoints(1 - myTeam))}
            </span>
          )}
        </div>
      </section>

      <section class="board" aria-label={t("trick")}>
        {seatArea(2, "top")}
        {seatArea(3, "left")}
        {seatArea(1, "right")}
        <div class="center">
          {state.lastTrick.cards !== "" && (
            <button class="link" type="button" aria-pressed={showLast} onClick={() => setShowLast(!showLast)}>
              {showLast ? t("trick") : t("lastTrick")}
            </button>
          )}
          {showLast && state.lastTrick.winner >= 0 && (
            <span class="muted">
              {t("wonBy", { name: seatName(state.lastTrick.winner) })} · {t("points", { n: num(state.lastTrick.points) })}
            </span>
          )}
          {state.trick.akka && <span class="bubble">{word("AKKA")}</span>}
        </div>
        {seatArea(0, "bottom")}
      </section>

      {state.projectsRevealed && revealed.length > 0 && (
        <section class="projects" aria-label={t("projectsRevealed")}>
          <h3>{t("projectsRevealed")}</h3>
          {revealed.map((p) => (
            <div>
              {seatName(p.seat)}: {word(p.kind)} {p.cards.map((c) => <CardFace card={c} small />)}
            </div>
          ))}
        </section>
      )}

      {calls.length > 0 && (
        <section class="calls" aria-label={t("yourTurn")}>
          {calls.map((a) => (
            <button type="button" class="call" data-action={JSON.stringify(a)} onClick={() => connection.act(a)}>
              {actionLabel(a, ctx)}
            </button>
          ))}
        </section>
      )}

      {mine && (
        <section class="hand" aria-label={t("yourHand")}>
          {hand.map((card, i) => {
            const playable = playsByCard.has(card);
            return (
              <button
                type="button"
                class="hand-card"
                data-hand-card={card}
                disabled={!playable}
                aria-keyshortcuts={String(i + 1)}
                aria-label={playable ? actionLabel({ type: "play", card }, ctx) : undefined}
                onClick={() => playCard(card)}
              >
                <CardFace card={card} />
              </button>
            );
          })}
        </section>
      )}

      {sheet && <ScoreSheet sheet={sheet} myTeam={myTeam} seatName={seatName} onClose={() => setSheet(null)} />}
    </div>
  );
}
