import { useState } from "preact/hooks";
import { t, num } from "../i18n/index.js";
import { logIn, logOut, playAsGuest, sessionStore, signUp, upgradeGuest, type Registration } from "../lib/session.js";
import { useStore } from "../lib/store.js";
import { navigate, routePath, routeStore } from "../lib/router.js";

/** Sign in: one-click guest, log in, sign up; signed in: upgrade a guest, log out. */
export function Account() {
  const session = useStore(sessionStore);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (task: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    task()
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  if (session) {
    const u = session.user;
    return (
      <main class="account">
        <h2>
          {u.displayName} {u.guest && <span class="badge">{t("guestBadge")}</span>}
        </h2>
        <p>
          {t("leaguePoints")}: {num(u.leaguePoints)} ·{" "}
          <a href={routePath({ name: "player", id: u.id })} data-testid="my-profile">
            {t("profile_link")}
          </a>
        </p>
        {u.guest && (
          <>
            <p>{t("upgradeHint")}</p>
            <RegistrationForm submitLabel={t("upgrade")} busy={busy} onSubmit={(r) => run(() => upgradeGuest(r))} />
          </>
        )}
        {error && <p class="notice" role="alert">{error}</p>}
        <button type="button" onClick={() => run(logOut)} disabled={busy} data-testid="logout">
          {t("logOut")}
        </button>
      </main>
    );
  }
  return <SignIn run={run} busy={busy} error={error} />;
}

/** After signing in from the account page, go to the lobby (elsewhere the page the link pointed to shows). */
const toLobbyFromAccount = () => {
  if (routeStore.get().name === "account") navigate({ name: "lobby" }, { replace: true });
};

function SignIn({ run, busy, error }: { run: (task: () => Promise<void>) => void; busy: boolean; error: string | null }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <main class="signin">
      <section>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(() => playAsGuest(name.trim() || undefined).then(toLobbyFromAccount));
          }}
        >
          <label>
            {t("guestName")} <input value={name} maxLength={30} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="primary" disabled={busy} data-testid="guest">
            {t("playAsGuest")}
          </button>
        </form>
      </section>
      <section>
        <h2>{t("signIn")}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(() => logIn(email, password).then(toLobbyFromAccount));
          }}
        >
          <label>
            {t("email")} <input type="email" autocomplete="username" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t("password")} <input type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t("signIn")}
          </button>
        </form>
      </section>
      <section>
        <h2>{t("signUp")}</h2>
        <RegistrationForm submitLabel={t("signUp")} busy={busy} onSubmit={(r) => run(() => signUp(r).then(toLobbyFromAccount))} />
      </section>
      {error && (
        <p class="notice" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

function RegistrationForm({ submitLabel, busy, onSubmit }: { submitLabel: string; busy: boolean; onSubmit: (r: Registration) => void }) {
  const [r, setR] = useState<Registration>({ email: "", password: "", firstName: "", lastName: "" });
  const field = (key: keyof Registration, label: string, type: "text" | "email" | "password" = "text") => (
    <label>
      {label} <input type={type as "text"} value={r[key]} required onInput={(e) => setR({ ...r, [key]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(r);
      }}
    >
      {field("firstName", t("firstName"))}
      {field("lastName", t("lastName"))}
      {field("email", t("email"), "email")}
      {field("password", t("password"), "password")}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
