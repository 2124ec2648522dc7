import { t, num } from "../i18n/index.js";
import { api, must } from "../lib/api.js";
import { useAsync } from "./useAsync.js";

/** A player's profile and Baloot statistics (/players/:id/stats). */
export function Profile({ id }: { id: string }) {
  const { data: p, error } = useAsync(async () => must(await api.GET("/players/{id}/stats", { params: { path: { id } } })), [id]);
  if (error) return <p class="notice">{t("error", { message: error })}</p>;
  if (!p) return <p>{t("loading")}</p>;
  const rows: [string, string][] = [
    [t("leaguePoints"), num(p.leaguePoints)],
    [t("gamesPlayed"), num(p.gamesPlayed)],
    [t("wins"), num(p.wins)],
    [t("losses"), num(p.losses)],
    [t("draws"), num(p.draws)],
    [t("winRate"), `${num(p.winRate)}%`],
    [t("handsPlayed"), num(p.baloot.handsPlayed)],
    [t("contractsMade"), `${num(p.baloot.contractsMade)} (${num(Math.round(p.baloot.contractsMadePct))}%)`],
    [t("kaboots"), num(p.baloot.kaboots)],
    [t("memberSince"), new Date(p.memberSince).toLocaleDateString()],
  ];
  return (
    <main data-testid="profile">
      <h2>
        {p.displayName} {p.guest && <span class="badge">{t("guestBadge")}</span>}
      </h2>
      <table class="list">
        <tbody>
          {rows.map(([k, v]) => (
            <tr>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
