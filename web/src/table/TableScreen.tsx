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
      {model.status === "unloaded" && (
        <div class="banner" role="status" data-testid="unloaded">
          {t("unloaded")}{" "}
          <button type="button" onClick={() => connection.reopen()}>
            {t("reopen")}
          </button>
        </div>
      )}
      <Notices model={model} connection={connection} />
      {state && (
        <>
          <SeatBar model={model} seatName={seatName} />
          <PauseBar model={model} connection={connection} seatName={seatName} />
          {state.status === "waiting" && <WaitingRoom model={model} connection={connection} seatName={seatName} />}
          {state.status !== "waiting" && ui && (
            // While paused every control of the game is disabled (the server would refuse with PAUSED).
            <fieldset class="play" disabled={state.status === "paused"}>
              <ui.Table model={model} connection={connection} seatName={seatName} />
            </fieldset>
          )}
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

/**
 * Pause and idle (docs/PROTOCOL.md §5b): who paused and why, the owner's Pause/Resume buttons, a
 * player's "ask for a pause", the host's pending requests, and the idle warning with "I'm here".
 */
function PauseBar({ model, connection, seatName }: { model: TableModel; connection: TableConnection; seatName: (s: number) => string }) {
  const state = model.state!;
  const now = useNow();
  const seated = model.mySeat >= 0 && !model.spectator;
  // The owner: the host of a private table, the player of a vs-bots table (its creator).
  const owner = seated && (state.mode === "private" ? state.hostSeat === model.mySeat : state.mode === "bots");
  const idleLeft = model.idleDeadline > 0 ? Math.max(0, Math.ceil((model.idleDeadline - now) / 1000)) : null;
  if (state.status !== "playing" && state.status !== "paused") return null;
  return (
    <section class="pausebar" data-testid="pausebar">
      {state.status === "paused" && (
        <div class="banner" role="status" data-testid="paused" data-pause-reason={state.pauseReason}>
          {state.pauseReason === "idle" ? t("pausedIdle") : state.pausedBy >= 0 ? t("pausedBy", { name: seatName(state.pausedBy) }) : t("pausedByAdmin")}{" "}
          {t("clocksStopped")}{" "}
          {owner && (
            <button type="button" data-testid="resume" onClick={() => connection.send("resume")}>
              {t("resumePlay")}
            </button>
          )}
        </div>
      )}
      {state.status === "playing" && owner && (
        <button type="button" class="link" data-testid="pause" onClick={() => connection.send("pause")}>
          {t("pauseTable")}
        </button>
      )}
      {state.status === "playing" && seated && !owner && state.mode === "private" && (
        <button type="button" class="link" data-testid="ask-pause" onClick={() => connection.send("pauseRequest")}>
          {t("askPause")}
        </button>
      )}
      {owner && state.status === "playing" &&
        model.pauseRequests.map((r) => (
          <p class="notice" role="alert" data-testid="pause-request">
            {t("pauseAsked", { name: r.name || seatName(r.seat) })}{" "}
            <button type="button" onClick={() => connection.send("pause")}>
              {t("pauseTable")}
            </button>
          </p>
        ))}
      {idleLeft !== null && (
        <p class="warning" role="alert" data-testid="idle-warning">
          {t("idleSoon", { s: num(idleLeft) })}{" "}
          <button type="button" onClick={() => connection.stillHere()}>
            {t("imHere")}
          </button>
        </p>
      )}
    </section>
  );
}
