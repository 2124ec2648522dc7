import { t, num } from "../i18n/index.js";
import { api, must } from "../lib/api.js";
import { routePath } from "../lib/router.js";
import { useAsync } from "./useAsync.js";

/** The league table; each row links to the player's profile. */
export function Leaderboard() {
  const { data, error } = useAsync(async () => must(await api.GET("/leaderboard", { params: { query: { limit: 100 } } })), []);
  if (error) return <p class="notice">{t("error", { message: error })}</p>;
  if (!data) return <p>{t("loading")}</p>;
  return (
    <main>
      <h2>{t("leaderboard")}</h2>
      <table class="list" data-testid="leaderboard">
        <thead>
          <tr>
            <th>{t("rank")}</th>
            <th>{t("player")}</th>
            <th>{t("leaguePoints")}</th>
          </tr>
        </thead>
        <tbody>
          {data.leaderboard.map((row) => {
            const name = `${row.firstName} ${row.lastName}`;
            return (
              <tr>
                <td>{num(row.rank)}</td>
                <td>
                  <a href={routePath({ name: "player", id: row.userId })}>{name}</a>
                </td>
                <td>{num(row.leaguePoints)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </main>
  );
}
