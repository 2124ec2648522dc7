export * from "./GameDefinition.js";
export * from "./IllegalAction.js";
export * from "./rng.js";
