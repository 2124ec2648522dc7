import type { PlayLine } from "./playByPlay.js";
import { bw } from "./terms.js";

/** Newest first: the plate appearances, substitutions and half-innings seen at this table. */
export function PlayByPlay({ lines }: { lines: PlayLine[] }) {
  return (
    <section class="pbp" aria-label={bw("playByPlay")} data-testid="play-by-play">
      <h3>{bw("playByPlay")}</h3>
      {lines.length === 0 && <p class="muted">{bw("noPlays")}</p>}
      <ul>
        {[...lines].reverse().map((l) => (
          <li class={`pbp-${l.kind}`} data-kind={l.kind}>
            {l.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
