import { Store } from "./store.js";

/**
 * Client routes live under /play (the server answers them with index.html and never shadows an
 * API path with them). History API navigation; links are plain <a href> intercepted below.
 */
export type Route =
  | { name: "lobby" }
  | { name: "join"; code: string }
  | { name: "table"; roomId: string }
  | { name: "watch"; roomId: string }
  | { name: "history" }
  | { name: "replay"; matchId: string }
  | { name: "leaderboard" }
  | { name: "player"; id: string }
  | { name: "account" };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== "play") return { name: "lobby" };
  const [, page, arg] = parts;
  if (page === "join" && arg) return { name: "join", code: arg };
  if (page === "table" && arg) return { name: "table", roomId: arg };
  if (page === "watch" && arg) return { name: "watch", roomId: arg };
  if (page === "history") return { name: "history" };
  if (page === "replay" && arg) return { name: "replay", matchId: arg };
  if (page === "leaderboard") return { name: "leaderboard" };
  if (page === "player" && arg) return { name: "player", id: arg };
  if (page === "account") return { name: "account" };
  return { name: "lobby" };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case "lobby":
      return "/play";
    case "join":
      return `/play/join/${encodeURIComponent(route.code)}`;
    case "table":
      return `/play/table/${encodeURIComponent(route.roomId)}`;
    case "watch":
      return `/play/watch/${encodeURIComponent(route.roomId)}`;
    case "history":
      return "/play/history";
    case "replay":
      return `/play/replay/${encodeURIComponent(route.matchId)}`;
    case "leaderboard":
      return "/play/leaderboard";
    case "player":
      return `/play/player/${encodeURIComponent(route.id)}`;
    case "account":
      return "/play/account";
  }
}

export const routeStore = new Store<Route>(parseRoute(location.pathname));

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const path = routePath(route);
  if (options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  routeStore.set(route);
}

addEventListener("popstate", () => routeStore.set(parseRoute(location.pathname)));

/** Same-origin /play links navigate without a page load. */
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.origin !== location.origin || !a.pathname.startsWith("/play")) return;
  e.preventDefault();
  history.pushState(null, "", a.pathname);
  routeStore.set(parseRoute(a.pathname));
});
