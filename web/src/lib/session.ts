import { api, must, setAccessToken, type Session, type User } from "./api.js";
import { Store } from "./store.js";

/**
 * The signed-in player: tokens kept in localStorage (so a reload keeps the seat), the access token
 * refreshed a minute before it expires (refresh tokens are single use: each refresh stores the new one).
 */

interface Stored {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: User;
}

const STORAGE_KEY = "diwan.session";
export const sessionStore = new Store<Stored | null>(load());
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<void> | null = null;

function load(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

function save(session: Session | null): void {
  clearTimeout(refreshTimer);
  if (!session) {
    localStorage.removeItem(STORAGE_KEY);
    setAccessToken(null);
    sessionStore.set(null);
    return;
  }
  const stored: Stored = {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: Date.now() + session.expiresIn * 1000,
    user: session.user,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  setAccessToken(stored.accessToken);
  sessionStore.set(stored);
  schedule(stored);
}

function schedule(stored: Stored): void {
  const lifetime = stored.expiresAt - Date.now();
  // A minute before expiry; halfway for short lifetimes (tests and tight deployments).
  const wait = Math.max(1_000, lifetime > 120_000 ? lifetime - 60_000 : lifetime / 2);
  refreshTimer = setTimeout(() => void refresh().catch(() => save(null)), wait);
}

/** On page load: reuse the stored session, refreshing it first when the access token is (nearly) expired. */
export async function restoreSession(): Promise<void> {
  const stored = sessionStore.get();
  if (!stored) return;
  if (stored.expiresAt - Date.now() < 30_000) {
    await refresh().catch(() => save(null));
    return;
  }
  setAccessToken(stored.accessToken);
  schedule(stored);
}

export function refresh(): Promise<void> {
  const stored = sessionStore.get();
  if (!stored) return Promise.resolve();
  refreshing ??= api
    .POST("/auth/refresh", { body: { refreshToken: stored.refreshToken } })
    .then((r) => save(must(r)))
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** A valid access token for joining a room (refreshes first when it is about to expire). */
export async function accessToken(): Promise<string> {
  const stored = sessionStore.get();
  if (!stored) throw new Error("not signed in");
  if (stored.expiresAt - Date.now() < 30_000) await refresh();
  return (sessionStore.get() as Stored).accessToken;
}

export async function playAsGuest(displayName?: string): Promise<void> {
  save(must(await api.POST("/auth/guest", { body: displayName ? { displayName } : {} })));
}

export async function logIn(email: string, password: string): Promise<void> {
  save(must(await api.POST("/auth/login", { body: { email, password } })));
}

export interface Registration {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

export async function signUp(details: Registration): Promise<void> {
  save(must(await api.POST("/auth/signup", { body: details })));
}

export async function upgradeGuest(details: Registration): Promise<void> {
  save(must(await api.POST("/auth/upgrade", { body: details })));
}

export async function logOut(): Promise<void> {
  const stored = sessionStore.get();
  if (stored) await api.POST("/auth/logout", { body: { refreshToken: stored.refreshToken } }).catch(() => undefined);
  save(null);
}
