import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/index.js";
import { api, must } from "../lib/api.js";
import { navigate } from "../lib/router.js";
import { openTable } from "../table/current.js";

/** /play/join/:code (the shared link): find the private table and sit at it. */
export function JoinByCode({ code }: { code: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const found = must(await api.GET("/tables/code/{code}", { params: { path: { code } } }));
      const c = await openTable({ kind: "joinById", roomId: found.roomId, options: { joinCode: found.joinCode } });
      if (live) navigate({ name: "table", roomId: c.roomId }, { replace: true });
    })().catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <main>
      {error ? (
        <p class="notice" role="alert" data-testid="join-error">
          {error}
        </p>
      ) : (
        <p>{t("loading")}</p>
      )}
      <a href="/play">{t("backToLobby")}</a>
    </main>
  );
}
