import { useState } from "preact/hooks";
import { t, num, langStore } from "../i18n/index.js";
import { api, must, publicTables } from "../lib/api.js";
import { navigate, routePath } from "../lib/router.js";
import { sessionStore } from "../lib/session.js";
import { useStore } from "../lib/store.js";
import { openTable } from "../table/current.js";
import type { OpenRequest } from "../table/connection.js";
import { gameUi } from "../games/registry.js";
import { useAsync } from "./useAsync.js";

/** The table option `botLevel` (docs/PROTOCOL.md §2): vs-bots and private tables only. */
type BotLevel = "basic" | "strong";

/** Quick match, vs bots, private tables, join by code, live tables to watch, and tables to resume. */
export function Lobby() {
  const session = useStore(sessionStore);
  const lang = useStore(langStore);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [profile, setProfile] = useState("SAUDI_DEFAULT");
  const [target, setTarget] = useState(152);
  const [turnSeconds, setTurnSeconds] = useState(30);
  const [botLevel, setBotLevel] = useState<BotLevel>("basic");
  const [code, setCode] = useState("");
  const [innings, setInnings] = useState<7 | 9>(7);
  const [mercy, setMercy] = useState(true);
  const [manualDice, setManualDice] = useState(false);
  const active = useAsync(async () => must(await api.GET("/games/me/active")).items, [session?.user.id]);
  const live = useAsync(publicTables, []);

  const start = (request: OpenRequest) => {
    setBusy(true);
    setError(null);
    openTable(request)
      .then((c) => navigate({ name: "table", roomId: c.roomId }))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  const gameOptions = () => ({ game: { profile, targetScore: target }, turnSeconds, botLevel });
  const guest = session?.user.guest ?? true;
  const title = (game: string) => gameUi(game)?.title[lang] ?? game;

  return (
    <main class="lobby">
      {error && (
        <p class="notice" role="alert" data-testid="lobby-error">
          {error}
        </p>
      )}
      {active.data && active.data.length > 0 && (
        <section aria-label={t("resume")}>
          <h2>{t("resume")}</h2>
          {active.data.map((a) => (
            <a class="button primary" href={routePath({ name: "table", roomId: a.roomId })} data-testid="resume">
              {t("resumeTable", { game: title(a.game), seat: num(a.seat + 1) })}
            </a>
          ))}
        </section>
      )}
      <section>
        <h2>{t("quickCasual")}</h2>
        <button type="button" class="primary" disabled={busy} onClick={() => start({ kind: "joinOrCreate", roomName: "baloot", options: { mode: "quick" } })} data-testid="quick">
          {t("quickCasual")}
        </button>{" "}
        <button type="button" disabled={busy || guest} onClick={() => start({ kind: "joinOrCreate", roomName: "baloot_ranked", options: {} })} data-testid="ranked">
          {t("quickRanked")}
        </button>
        {guest && <p class="muted">{t("rankedNeedsAccount")}</p>}
      </section>
      <section>
        <h2>{t("vsBots")}</h2>
        <div class="options">
          <label>
            {t("profile")}{" "}
            <select value={profile} onChange={(e) => setProfile((e.target as HTMLSelectElement).value)} data-testid="profile">
              <option value="SAUDI_DEFAULT">{t("profileSaudi")}</option>
              <option value="KAMMELNA_LIKE">{t("profileKammelna")}</option>
            </select>
          </label>
          <label>
            {t("targetScore")}{" "}
            <input type="number" min={1} max={1000} value={target} onInput={(e) => setTarget(Number((e.target as HTMLInputElement).value))} data-testid="target" />
          </label>
          <label>
            {t("turnSpeed")}{" "}
            <input type="number" min={5} max={600} value={turnSeconds} onInput={(e) => setTurnSeconds(Number((e.target as HTMLInputElement).value))} data-testid="turn-seconds" />
          </label>
          <label>
            {t("botLevel")}{" "}
            <select value={botLevel} onChange={(e) => setBotLevel((e.target as HTMLSelectElement).value as BotLevel)} data-testid="bot-level">
              <option value="basic">{t("botLevelBasic")}</option>
              <option value="strong">{t("botLevelStrong")}</option>
            </select>
          </label>
        </div>
        <button type="button" class="primary" disabled={busy} onClick={() => start({ kind: "create", roomName: "baloot", options: { mode: "bots", ...gameOptions() } })} data-testid="vs-bots">
          {t("vsBots")}
        </button>{" "}
        <button type="button" disabled={busy} onClick={() => start({ kind: "create", roomName: "baloot", options: { mode: "private", ...gameOptions() } })} data-testid="private">
          {t("privateTable")}
        </button>
      </section>
      <section>
        <h2>{t("baseballVsBot")}</h2>
        <div class="options">
          <label>
            {t("innings")}{" "}
            <select value={innings} onChange={(e) => setInnings(Number((e.target as HTMLSelectElement).value) === 9 ? 9 : 7)} data-testid="bb-innings">
              <option value={7}>{num(7)}</option>
              <option value={9}>{num(9)}</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={mercy} onChange={(e) => setMercy((e.target as HTMLInputElement).checked)} data-testid="bb-mercy" /> {t("mercyRule")}
          </label>
          <label>
            <input type="checkbox" checked={manualDice} onChange={(e) => setManualDice((e.target as HTMLInputElement).checked)} data-testid="bb-manual-dice" /> {t("manualDice")}
          </label>
        </div>
        <button
          type="button"
          class="primary"
          disabled={busy}
          // Manual dice are for two managers at one real table: the room allows them on private tables only.
          onClick={() => start({ kind: "create", roomName: "baseball", options: { mode: "bots", game: { innings, mercy }, turnSeconds } })}
          data-testid="baseball-vs-bot"
        >
          {t("baseballVsBot")}
        </button>{" "}
        <button
          type="button"
          disabled={busy}
          onClick={() => start({ kind: "create", roomName: "baseball", options: { mode: "private", game: { innings, mercy, dice: manualDice ? "manual" : "server" }, turnSeconds } })}
          data-testid="baseball-private"
        >
          {t("baseballPrivate")}
        </button>
      </section>
      <section>
        <h2>{t("joinByCode")}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (code.trim()) navigate({ name: "join", code: code.trim().toUpperCase() });
          }}
        >
          <input value={code} maxLength={16} aria-label={t("code")} placeholder={t("code")} onInput={(e) => setCode((e.target as HTMLInputElement).value)} data-testid="code" />{" "}
          <button type="submit">{t("join")}</button>
        </form>
      </section>
      <section>
        <h2>{t("publicTables")}</h2>
        {live.error && <p class="muted">{live.error}</p>}
        {live.data?.length === 0 && <p class="muted">{t("noPublicTables")}</p>}
        <ul class="live">
          {live.data?.map((table) => (
            <li>
              {title(table.game)} · {table.seats.map((s) => s.name || "—").join(", ")} · {t("spectators", { n: num(table.spectators) })}{" "}
              <a href={routePath({ name: "watch", roomId: table.roomId })}>{t("watch")}</a>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
