import { useMemo } from "preact/hooks";
import type { Replay } from "../../lib/api.js";
import { PlayByPlay } from "./PlayByPlay.js";
import { playLines } from "./playByPlay.js";

/** A finished baseball game: its full play-by-play, from the stored (all public) events. */
export function BaseballReplay({ replay, names }: { replay: Replay; names: string[] }) {
  const lines = useMemo(() => {
    const events = replay.entries.flatMap((e) => e.events);
    const roster = new Map<string, string>();
    const teams: string[] = [];
    for (const raw of events) {
      const e = raw as { type: string; roster?: { id: string; name: string }[]; teams?: { name: string }[] };
      if (e.type === "lineupSet") for (const p of e.roster ?? []) roster.set(p.id, p.name);
      if (e.type === "gameStarted") teams.push(...(e.teams ?? []).map((team) => team.name));
    }
    return playLines(events, (id) => roster.get(id) ?? id, (team) => teams[team] ?? names[team] ?? String(team));
  }, [replay]);
  return (
    <div class="replay" data-testid="replay">
      <PlayByPlay lines={lines} />
    </div>
  );
}
