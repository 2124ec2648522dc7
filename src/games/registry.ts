import { baloot } from "./baloot/index.js";
import { baseball } from "./baseball/index.js";
import type { GameDefinition } from "./core/GameDefinition.js";
import { duel } from "./duel/index.js";

// The definitions' own type parameters do not matter to callers of the registry.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased generic parameters
export type AnyGameDefinition = GameDefinition<any, any, any, any, any, any, any>;

/**
 * Every game this server knows, by name, for layers that must ask about a game without the
 * rooms (the HTTP deck routes ask `validateDeck`). The room type of a game has the game's name.
 */
const GAMES: Readonly<Record<string, AnyGameDefinition>> = { baloot, baseball, duel };

export function findGame(name: string): AnyGameDefinition | undefined {
  return Object.hasOwn(GAMES, name) ? GAMES[name] : undefined;
}

/** Names of the games whose players build decks (they define `validateDeck`). */
export function deckGames(): string[] {
  return Object.keys(GAMES).filter((name) => GAMES[name]?.validateDeck !== undefined);
}
