import { t, num } from "../i18n/index.js";
import { api, must } from "../lib/api.js";
import { routePath } from "../lib/router.js";
import { useAsync } from "./useAsync.js";

/** My matches, newest first, each linking to its replay. */
export function History() {
  const { data, error } = useAsync(async () => must(await api.GET("/matches/me", { params: { query: { limit: 50 } } })).items, []);
  if (error) return <p class="notice">{t("error", { message: error })}</p>;
  if (!data) return <p>{t("loading")}</p>;
  if (data.length === 0) return <p>{t("noMatches")}</p>;
  return (
    <main>
      <h2>{t("history")}</h2>
      <table class="list" data-testid="history">
        <thead>
          <tr>
            <th>{t("date")}</th>
            <th>{t("status")}</th>
            <th>{t("scores")}</th>
            <th>{t("result")}</th>
            <th>{t("leaguePoints")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.map((m) => (
            <tr>
              <td>{new Date(m.startedAt).toLocaleString()}</td>
              <td>{t(`status_${m.status}`)}</td>
              <td>{m.scores ? m.scores.map((s) => num(s)).join("–") : "—"}</td>
              <td>{m.result ? t(m.result === "win" ? "resultWin" : m.result === "loss" ? "resultLoss" : "resultDraw") : "—"}</td>
              <td>{m.pointsDelta !== null ? num(m.pointsDelta) : "—"}</td>
              <td>{m.status === "finished" && <a href={routePath({ name: "replay", matchId: m.id })}>{t("replay")}</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
