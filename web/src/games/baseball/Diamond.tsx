import { num } from "../../i18n/index.js";
import type { BaseballPublic } from "./state.js";
import { bw } from "./terms.js";

/** The diamond: runners on base (by name), the batter and the pitcher with his pitch count. */
export function Diamond({ state, name }: { state: BaseballPublic; name: (id: string) => string }) {
  const fielding = state.teams[1 - state.half];
  // Base squares at first (right), second (top) and third (left) of a diamond drawn in a 100×100 box.
  const spots = [
    { x: 78, y: 50, key: "first" },
    { x: 50, y: 22, key: "second" },
    { x: 22, y: 50, key: "third" },
  ] as const;
  const fatigue = state.batterColumnMax >= 5 ? bw("exhausted") : state.batterColumnMax === 4 ? bw("tired") : "";
  return (
    <section class="diamond" aria-label={bw("diamond")} data-testid="diamond">
      <svg viewBox="0 0 100 100" role="img" aria-hidden="true">
        <polygon points="50,78 78,50 50,22 22,50" class="infield" />
        <rect x="46" y="74" width="8" height="8" class="home" />
        {spots.map((s, i) => (
          <rect x={s.x - 5} y={s.y - 5} width="10" height="10" transform={`rotate(45 ${s.x} ${s.y})`} class={state.bases[i] ? "base occupied" : "base"} />
        ))}
      </svg>
      <ul class="runners">
        {spots.map((s, i) => (
          <li data-base={i + 1} data-runner={state.bases[i] ?? ""}>
            {bw(s.key)}: {state.bases[i] ? <b>{name(state.bases[i] as string)}</b> : <span class="muted">{bw("empty")}</span>}
          </li>
        ))}
      </ul>
      {state.batter && state.phase !== "OVER" && (
        <p>
          {bw("batter")}: <b data-testid="batter">{name(state.batter)}</b> · {bw("pitcher")}: <b>{name(state.pitcher)}</b>
          {fielding && (
            <span class="muted">
              {" "}
              ({num(fielding.pitches)} {bw("pitches")}
              {fatigue ? `, ${fatigue}` : ""})
            </span>
          )}
        </p>
      )}
    </section>
  );
}
