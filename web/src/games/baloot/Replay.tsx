import { useMemo, useState } from "preact/hooks";
import { t, num } from "../../i18n/index.js";
import type { Replay } from "../../lib/api.js";
import { CardFace, CardBack, sortHand } from "./Card.js";
import { foldReplay, handStarts, type ReplayEvent } from "./replayFold.js";
import { bidLabel, suitSymbol, word } from "./terms.js";

/** Steps through a finished Baloot match hand by hand and card by card, as one seat saw it or with all hands. */
export function BalootReplay({ replay, names }: { replay: Replay; names: string[] }) {
  const frames = useMemo(() => foldReplay(replay.entries), [replay]);
  const starts = useMemo(() => handStarts(frames), [frames]);
  const [i, setI] = useState(0);
  const [viewAs, setViewAs] = useState<number>(-1);
  const frame = frames[i];
  if (!frame) return <p>{t("notFound")}</p>;
  const name = (seat: number) => names[seat] ?? t("seat", { n: seat + 1 });
  const go = (to: number) => setI(Math.max(0, Math.min(frames.length - 1, to)));
  const handIdx = starts.findLastIndex((s) => s <= i);

  return (
    <div class="replay" data-testid="replay">
      <div class="replay-controls">
        <label>
          {t("replayAs")}{" "}
          <select value={viewAs} onChange={(e) => setViewAs(Number((e.target as HTMLSelectElement).value))} data-testid="replay-view-as">
            <option value={-1}>{t("allHands")}</option>
            {[0, 1, 2, 3].map((s) => (
              <option value={s}>{name(s)}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => go(starts[handIdx - 1] ?? 0)} disabled={handIdx <= 0} data-testid="prev-hand">
          {t("prevHand")}
        </button>
        <button type="button" onClick={() => go(i - 1)} disabled={i === 0} data-testid="prev-step">
          {t("prevStep")}
        </button>
        <button type="button" onClick={() => go(i + 1)} disabled={i >= frames.length - 1} data-testid="next-step">
          {t("nextStep")}
        </button>
        <button type="button" onClick={() => go(starts[handIdx + 1] ?? frames.length - 1)} disabled={i >= frames.length - 1} data-testid="next-hand">
          {t("nextHand")}
        </button>
        <span data-testid="replay-position" aria-live="polite">
          {t("hand", { n: num(frame.hand) })} · {t("step", { i: num(i + 1), n: num(frames.length) })}
        </span>
      </div>
      <p class="caption" data-testid="replay-caption">
        {describe(frame.caption.event, frame.caption.seat, name)}
      </p>
      <div class="replay-scores">
        {t("team0")}: {num(frame.scores[0] ?? 0)} · {t("team1")}: {num(frame.scores[1] ?? 0)}
        {frame.contract && (
          <span>
            {" "}
            · {word(frame.contract.kind)} {frame.contract.trump ? suitSymbol(frame.contract.trump) : ""} · {t("buyer")}: {name(frame.contract.buyer)}
            {frame.contract.level > 1 ? ` ×${num(frame.contract.level)}` : ""}
          </span>
        )}
        {frame.faceUp && (
          <span>
            {" "}
            · {t("faceUp")}: <CardFace card={frame.faceUp} small />
          </span>
        )}
      </div>
      <div class="replay-seats">
        {[0, 1, 2, 3].map((seat) => {
          const cards = frame.hands[seat] ?? [];
          const visible = viewAs < 0 || viewAs === seat;
          const played = frame.trick.find((c) => c.seat === seat);
          return (
            <div class="replay-seat" data-seat={seat}>
              <b>{name(seat)}</b>
              <div class="replay-hand">{visible ? sortHand(cards).map((c) => <CardFace card={c} small />) : <CardBack count={cards.length} />}</div>
              <div class="played">{played ? <CardFace card={played.card} /> : null}</div>
            </div>
          );
        })}
      </div>
      {frame.bids.length > 0 && !frame.contract && (
        <p>
          {t("bids")}: {frame.bids.map((b) => `${name(b.seat)} ${bidLabel(b.call, b.round, b.suit)}`).join(" · ")}
        </p>
      )}
      {frame.over && (
        <p data-testid="replay-over">
          {t("matchOver")}: {num(frame.over.scores[0] ?? 0)}–{num(frame.over.scores[1] ?? 0)}
        </p>
      )}
    </div>
  );
}

function describe(e: ReplayEvent | null, seat: number | null, name: (s: number) => string): string {
  if (!e) return "";
  const who = seat !== null ? `${name(seat)}: ` : "";
  switch (e.type) {
    case "handStarted":
      return t("hand", { n: num(e.hand as number) });
    case "bid":
      return who + bidLabel(e.call as string, e.round as number, (e.suit as string) ?? "");
    case "play":
      return `${who}${word("PLAY")} ${e.card as string}`;
    case "raise":
      return who + word(e.call as string);
    case "contract":
      return `${t("contract")}: ${word(e.kind as string)}`;
    default:
      return who + word(e.type);
  }
}
