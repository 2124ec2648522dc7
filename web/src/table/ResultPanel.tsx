import { useEffect, useState } from "preact/hooks";
import { t, num } from "../i18n/index.js";
import { api, type MatchDetails } from "../lib/api.js";
import { routePath } from "../lib/router.js";
import type { GameUi } from "../games/registry.js";
import type { TableModel } from "./model.js";

/** End of match: who won, the score, the reason, league points and the box score. */
export function ResultPanel({ model, ui, seatName }: { model: TableModel; ui: GameUi; seatName: (s: number) => string }) {
  const state = model.state!;
  const ended = model.matchEnded;
  const winner = ended?.outcome.winnerTeam ?? (state.winnerTeam >= 0 ? state.winnerTeam : null);
  const scores = ended?.outcome.scores ?? ui.teamScores(state);
  const [details, setDetails] = useState<MatchDetails | null>(null);

  useEffect(() => {
    if (!ended?.matchId) return;
    // The result and league points are written when the match is recorded, just after it ends.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const load = () =>
      void api.GET("/matches/{id}", { params: { path: { id: ended.matchId } } }).then(({ data }) => {
        if (data && data.status !== "live") setDetails(data);
        else if (++tries < 10) timer = setTimeout(load, 500);
      });
    load();
    return () => clearTimeout(timer);
  }, [ended?.matchId]);

  const mine = details?.players.find((p) => p.seat === model.mySeat);
  const myTeam = model.mySeat >= 0 ? (state.seats[model.mySeat]?.team ?? null) : null;
  const headline = winner === null ? t("matchOver") : myTeam === null ? t("teamWon", { team: ui.teamLabel(winner, state) }) : winner === myTeam ? t("youWon") : t("youLost");
  return (
    <section class="result" role="status" aria-label={t("result")} data-testid="result">
      <h2>{headline}</h2>
      <p>
        {ui.teamLabel(0, state)}: <b data-testid="final-0">{num(scores[0] ?? 0)}</b> · {ui.teamLabel(1, state)}: <b data-testid="final-1">{num(scores[1] ?? 0)}</b>
        {ended?.outcome.reason ? ` · ${t("reason")}: ${ui.reasonLabel(ended.outcome.reason)}` : state.endReason ? ` · ${t("reason")}: ${ui.reasonLabel(state.endReason)}` : ""}
      </p>
      {mine && mine.pointsDelta !== null && (
        <p data-testid="points-delta">{t("pointsDelta", { delta: (mine.pointsDelta > 0 ? "+" : "") + num(mine.pointsDelta) })}</p>
      )}
      {/* League points move only in rated (ranked, all-human) matches: say so instead of showing nothing. */}
      {mine && mine.pointsDelta === null && <p data-testid="points-unrated">{t("pointsUnrated")}</p>}
      <ui.BoxScore box={model.boxScore} seatName={seatName} />
      {ended?.matchId && (
        <p>
          <a href={routePath({ name: "replay", matchId: ended.matchId })} data-testid="replay-link">
            {t("seeReplay")}
          </a>
        </p>
      )}
    </section>
  );
}
