import { t, setLang, langStore } from "./i18n/index.js";
import { routeStore, routePath } from "./lib/router.js";
import { sessionStore } from "./lib/session.js";
import { useStore } from "./lib/store.js";
import { Account } from "./screens/Account.js";
import { History } from "./screens/History.js";
import { JoinByCode } from "./screens/JoinByCode.js";
import { Leaderboard } from "./screens/Leaderboard.js";
import { Lobby } from "./screens/Lobby.js";
import { Profile } from "./screens/Profile.js";
import { ReplayScreen } from "./screens/ReplayScreen.js";
import { TableScreen } from "./table/TableScreen.js";

/** The page: header (navigation, language, account) and the screen for the current route. */
export function App() {
  const lang = useStore(langStore);
  const route = useStore(routeStore);
  const session = useStore(sessionStore);
  const publicPage = route.name === "leaderboard" || route.name === "player";
  return (
    <>
      <header>
        <a class="brand" href="/play">
          {t("appName")}
        </a>
        <nav aria-label="main">
          <a href={routePath({ name: "lobby" })}>{t("lobby")}</a>
          {session && <a href={routePath({ name: "history" })}>{t("history")}</a>}
          <a href={routePath({ name: "leaderboard" })}>{t("leaderboard")}</a>
          {session && (
            <a href={routePath({ name: "account" })} data-testid="account-link">
              {session.user.displayName}
            </a>
          )}
        </nav>
        <button type="button" class="lang" lang={lang === "ar" ? "en" : "ar"} aria-label={t("languageLabel")} onClick={() => setLang(lang === "ar" ? "en" : "ar")} data-testid="lang">
          {t("language")}
        </button>
      </header>
      {!session && !publicPage ? <Account /> : screen()}
    </>
  );

  function screen() {
    switch (route.name) {
      case "lobby":
        return <Lobby />;
      case "join":
        return <JoinByCode code={route.code} />;
      case "table":
        return <TableScreen key={route.roomId} roomId={route.roomId} spectate={false} />;
      case "watch":
        return <TableScreen key={`watch-${route.roomId}`} roomId={route.roomId} spectate={true} />;
      case "history":
        return <History />;
      case "replay":
        return <ReplayScreen matchId={route.matchId} />;
      case "leaderboard":
        return <Leaderboard />;
      case "player":
        return <Profile id={route.id} />;
      case "account":
        return <Account />;
    }
  }
}
