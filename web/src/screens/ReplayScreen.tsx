import { t } from "../i18n/index.js";
import { api, must } from "../lib/api.js";
import { gameUi } from "../games/registry.js";
import { routePath } from "../lib/router.js";
import { useAsync } from "./useAsync.js";

/** A finished match's replay (from /matches/:id/replay) with the shuffle check (/matches/:id/verify). */
export function ReplayScreen({ matchId }: { matchId: string }) {
  const params = { params: { path: { id: matchId } } };
  const replay = useAsync(async () => must(await api.GET("/matches/{id}/replay", params)), [matchId]);
  const details = useAsync(async () => must(await api.GET("/matches/{id}", params)), [matchId]);
  const verify = useAsync(async () => must(await api.GET("/matches/{id}/verify", params)), [matchId]);
  if (replay.error) return <p class="notice">{t("error", { message: replay.error })}</p>;
  if (!replay.data) return <p>{t("loading")}</p>;
  const ui = gameUi(replay.data.game);
  const names = [0, 1, 2, 3].map((seat) => details.data?.players.find((p) => p.seat === seat)?.displayName ?? t("seat", { n: seat + 1 }));
  const v = verify.data;
  return (
    <main>
      <h2>{t("replay")}</h2>
      <p data-testid="verify" role="status">
        {t("verify")}:{" "}
        {!v
          ? verify.error ?? t("loading")
          : !v.supported
            ? t("verifyUnsupported")
            : v.ok
              ? t("verifyOk")
              : t("verifyFail", { n: v.hands.filter((h) => !h.ok).length })}
        {v && (
          <span class="muted">
            {" "}
            · {t("seed")}: <code>{v.seed}</code>
          </span>
        )}
      </p>
      {details.data && (
        <p class="muted" data-testid="replay-players">
          {details.data.players.map((p, i) => (
            <span>
              {i > 0 ? " · " : ""}
              {p.userId && !p.isBot ? <a href={routePath({ name: "player", id: p.userId })}>{p.displayName}</a> : p.displayName}
            </span>
          ))}
        </p>
      )}
      {ui ? <ui.Replay replay={replay.data} names={names} /> : <p>{replay.data.game}</p>}
    </main>
  );
}
