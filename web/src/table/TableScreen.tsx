import { useEffect } from "preact/hooks";
import { t, num, langStore, refusalText } from "../i18n/index.js";
import { useStore } from "../lib/store.js";
import { navigate } from "../lib/router.js";
import { gameUi } from "../games/registry.js";
import type { TableConnection } from "./connection.js";
import type { PlainSeat, TableModel } from "./model.js";
import { tableFor } from "./current.js";
import { ResultPanel } from "./ResultPanel.js";
import { WaitingRoom } from "./WaitingRoom.js";
import { useNow } from "./useNow.js";

/** The generic table shell: connection status, seats, clock, refusals; the game draws the rest. */
export function TableScreen({ roomId, spectate }: { roomId: string; spectate: boolean }) {
  const connection = tableFor(roomId, spectate);
  const model = useStore(connection.store);
  useStore(langStore);

  useEffect(() => {
    // Coming back from sleep: a dead socket shows up as a drop; nothing to click.
    const onUnload = () => connection.detach();
    const onWake = () => {
      if (document.visibilityState === "visible") connection.wake();
    };
    addEventListener("pagehide", onUnload);
    addEventListener("online", onWake);
    document.addEventListener("visibilitychange", onWake);
    return () => {
      removeEventListener("pagehide", onUnload);
      removeEventListener("online", onWake);
      document.removeEventListener("visibilitychange", onWake);
    };
  }, [connection]);

  const ui = gameUi(model.roomName || "baloot");
  const state = model.state;
  const seatName = (seat: number) => {
    const s = state?.seats[seat];
    if (!s) return t("seat", { n: seat + 1 });
    const base = s.name || t("seat", { n: seat + 1 });
    return seat === model.mySeat ? `${base} (${t("you")})` : base;
  };

  return (
    <main class="table-screen" data-status={model.status} data-seq={state?.seq ?? -1} data-testid="table">
      {(model.status === "reconnecting" || model.status === "connecting") && (
        <div class="banner" role="status" data-testid="reconnecting">
          {model.status === "reconnecting" ? t("reconnecting") : t("loading")}
        </div>
      )}
      {model.status === "failed" && (
        <div class="banner error" role="alert" data-testid="failed">
          {t("connectionLost", { reason: model.failure?.message ?? "" })}{" "}
          <button type="button" onClick={() => navigate({ name: "lobby" })}>
            {t("backToLobby")}
          </button>
        </div>
      )}
      <Notices model={model} connection={connection} />
      {state && (
        <>
          <SeatBar model={model} seatName={seatName} />
          {state.status === "waiting" && <WaitingRoom model={model} connection={connection} seatName={seatName} />}
          {state.status !== "waiting" && ui && <ui.Table model={model} connection={connection} seatName={seatName} />}
          {(state.status === "finished" || model.matchEnded) && ui && <ResultPanel model={model} ui={ui} seatName={seatName} />}
        </>
      )}
      <p>
        <button
          type="button"
          class="link"
          onClick={() => {
            if (model.spectator || state?.status === "finished" || model.status !== "connected") void connection.leave();
            navigate({ name: "lobby" });
          }}
        >
          {t("backToLobby")}
        </button>
      </p>
    </main>
  );
}

function Notices({ model, connection }: { model: TableModel; connection: TableConnection }) {
  if (model.notices.length === 0) return null;
  return (
    <div class="notices" role="alert" data-testid="notices">
      {model.notices.map((n) => (
        <p class="notice">
          {t("refused", { message: refusalText(n.code, n.message) })}{" "}
          <button type="button" class="link" aria-label="OK" onClick={() => connection.dismiss(n.id)}>
            ✕
          </button>
        </p>
      ))}
    </div>
  );
}

function SeatBar({ model, seatName }: { model: TableModel; seatName: (s: number) => string }) {
  const state = model.state!;
  const now = useNow();
  const remaining = state.deadline > 0 ? Math.max(0, Math.ceil((state.deadline - now) / 1000)) : null;
  const myTurn = model.mySeat >= 0 && state.activeSeats.includes(model.mySeat);
  return (
    <section class="seatbar" aria-label={t("player")}>
      {model.spectator && <span class="badge" data-testid="spectating">{t("spectating")}</span>}
      {state.seats.map((s: PlainSeat) => {
        const active = state.activeSeats.includes(s.index);
        return (
          <span class={`seat-badge${active ? " active" : ""}${s.index === model.mySeat ? " mine" : ""}`} data-seat-badge={s.index}>
            <b>{s.occupied || s.isBot ? seatName(s.index) : t("emptySeat")}</b>
            {s.index === state.hostSeat && <i> · {t("host")}</i>}
            {s.isBot && <i> · {t("bot")}</i>}
            {s.botControlled && !s.isBot && <i> · {t("botPlaying")}</i>}
            {s.occupied && !s.connected && !s.isBot && <i> · {t("away")}</i>}
            {s.consecutiveTimeouts > 0 && <i> · {t("timeouts", { n: num(s.consecutiveTimeouts) })}</i>}
            {active && remaining !== null && (
              <span class="countdown" role="timer" aria-live="off">
                {" "}
                {t("secondsLeft", { s: num(remaining) })}
              </span>
            )}
          </span>
        );
      })}
      {state.status === "playing" && (
        <p class="turn" aria-live="polite" data-testid="turn">
          {myTurn ? t("yourTurn") : state.activeSeats.length ? t("turnOf", { name: seatName(state.activeSeats[0] as number) }) : ""}
        </p>
      )}
      {model.warning && model.warning.seat === model.mySeat && remaining !== null && (
        <p class="warning" role="alert" data-testid="turn-warning">
          {t("hurry", { s: num(remaining) })}
        </p>
      )}
    </section>
  );
}
