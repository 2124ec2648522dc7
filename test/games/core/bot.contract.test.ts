/**
 * The bot contract (GameDefinition "Bots"): a bot is handed a view, never the state. The type
 * system enforces it (the @ts-expect-error lines below fail `npm run typecheck` if a state were ever
 * accepted), and `botTurn` gives the bot exactly `view(state, seat)` and nothing else.
 */
import { strict as assert } from "node:assert";
import { baloot, type BalootState } from "../../../src/games/baloot/index.js";
import { botTurn, BOT_LEVELS, type BotDecide, type BotMemory, type GameDefinition } from "../../../src/games/core/GameDefinition.js";
import { createRng, seedState, type Rng } from "../../../src/games/core/rng.js";

interface ToyState {
  secret: number;
  turn: number;
}
interface ToyView {
  seat: number;
  turn: number;
}

/** Compile-time checks only (never called): a state is not a view. */
export function peekingDoesNotCompile(state: BalootState, rng: Rng): void {
  // @ts-expect-error a Baloot bot cannot be handed the state
  baloot.bot(state, null, rng);
  const toyBot: BotDecide<ToyView, string> = (view) => ({ action: String(view.turn), memory: null });
  // @ts-expect-error the toy bot's view has no hidden `secret`, and a state is not accepted
  toyBot({ secret: 1, turn: 0 }, null, rng);
}

describe("bot contract", () => {
  it("botTurn hands the bot the seat's view (not the state), the memory and the rng, and returns its decision", () => {
    const state: ToyState = { secret: 42, turn: 1 };
    const seen: unknown[] = [];
    const rng = createRng(seedState("toy"));
    const def: Pick<GameDefinition<ToyState, string, ToyView, never, never, never>, "view" | "bot"> = {
      view: (s, seat) => ({ seat: seat ?? -1, turn: s.turn }),
      bot: (view: ToyView, memory: BotMemory, r: Rng, level = "basic") => {
        seen.push(view, memory, r, level);
        return { action: `${level}:${view.turn}`, memory: { turns: 1 } };
      },
    };
    const out = botTurn(def, state, 3, { turns: 0 }, rng, "strong");
    assert.deepEqual(out, { action: "strong:1", memory: { turns: 1 } });
    assert.deepEqual(seen[0], { seat: 3, turn: 1 });
    assert.ok(!JSON.stringify(seen[0]).includes("secret"));
    assert.deepEqual(seen[1], { turns: 0 });
    assert.equal(seen[2], rng);
    assert.equal(seen[3], "strong");
  });

  it("levels are basic and strong", () => {
    assert.deepEqual(BOT_LEVELS, ["basic", "strong"]);
  });
});
