import { useState } from "preact/hooks";
import { t, num } from "../i18n/index.js";
import { routePath } from "../lib/router.js";
import type { TableConnection } from "./connection.js";
import type { TableModel } from "./model.js";

/** Before the start: the private table's code and link, seat choice, and the host's buttons. */
export function WaitingRoom({ model, connection, seatName }: { model: TableModel; connection: TableConnection; seatName: (s: number) => string }) {
  const state = model.state!;
  const [copied, setCopied] = useState(false);
  const isHost = model.mySeat >= 0 && model.mySeat === state.hostSeat;
  const joinCode = (model.mySeat >= 0 ? state.seats[model.mySeat]?.joinCode : "") ?? "";
  const link = joinCode ? location.origin + routePath({ name: "join", code: joinCode }) : "";
  const full = state.seats.every((s) => s.occupied || s.isBot);
  return (
    <section class="waiting" aria-label={t("waitingForPlayers")}>
      <h2>{t("waitingForPlayers")}</h2>
      {joinCode && (
        <p>
          <span data-testid="join-code">{t("shareCode", { code: joinCode })}</span>{" "}
          <input readOnly value={link} aria-label={t("copyLink")} data-testid="join-link" onFocus={(e) => (e.target as HTMLInputElement).select()} />{" "}
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(link)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? t("linkCopied") : t("copyLink")}
          </button>
        </p>
      )}
      <ol class="seats">
        {state.seats.map((s) => (
          <li data-waiting-seat={s.index}>
            {t("seat", { n: num(s.index + 1) })}: {s.occupied || s.isBot ? seatName(s.index) : t("emptySeat")}
            {state.mode === "private" && model.mySeat >= 0 && !s.occupied && !s.isBot && (
              <button type="button" onClick={() => connection.send("seat", { seat: s.index })} data-testid={`sit-${s.index}`}>
                {t("sitHere")}
              </button>
            )}
          </li>
        ))}
      </ol>
      {isHost && (
        <p>
          {!full && (
            <button type="button" onClick={() => connection.send("fillBots")} data-testid="fill-bots">
              {t("fillBots")}
            </button>
          )}{" "}
          <button type="button" disabled={!full} onClick={() => connection.send("start")} data-testid="start">
            {t("start")}
          </button>
        </p>
      )}
    </section>
  );
}
