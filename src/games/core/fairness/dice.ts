import { emptyFingerprint, recordRun, recordSequence, type Fingerprint, type FingerprintSpec } from "./fingerprint.js";

/**
 * The generic fingerprint of dice games: each die face is a symbol. A game with dice (the
 * baseball game, backgammon-like games) folds its rolls, in order, with `recordRoll`.
 *  - `face`: χ² of the face counts against uniform (faces − 1 df);
 *  - `faceSerial`: correlation of consecutive rolls of the same sequence (a match);
 *  - `highRuns`: runs of "face in the upper half" (p = ½ for an even number of faces).
 */
export function diceSpec(game: string, faces: number): FingerprintSpec {
  if (!Number.isInteger(faces) || faces < 2) throw new RangeError(`diceSpec: faces must be an integer ≥ 2, got ${faces}`);
  const uniform = new Array<number>(faces).fill(1 / faces);
  return {
    game,
    tables: [{ name: "face", description: `each face of a d${faces} equally likely`, rows: 1, symbols: faces, rowProbabilities: () => uniform, df: faces - 1 }],
    serial: [{ name: "faceSerial", description: "consecutive rolls uncorrelated" }],
    runs: [{ name: "highRuns", description: "runs of upper-half faces", p: Math.floor(faces / 2) / faces }],
  };
}

export function emptyDiceFingerprint(spec: FingerprintSpec): Fingerprint {
  return emptyFingerprint(spec);
}

/**
 * Folds one roll (1..faces) of a sequence; `previous` is the roll before it in the same match
 * (undefined for the first), so pairs never straddle two matches.
 */
export function recordRoll(fp: Fingerprint, faces: number, face: number, previous: number | undefined): void {
  if (!Number.isInteger(face) || face < 1 || face > faces) throw new RangeError(`recordRoll: face ${face} is not in 1..${faces}`);
  fp.observations++;
  const row = fp.tables.face?.[0];
  if (!row) throw new Error("recordRoll: fingerprint was not made from a diceSpec");
  row[face - 1] = (row[face - 1] ?? 0) + 1;
  if (previous !== undefined) {
    recordSequence(fp, "faceSerial", previous, face);
    const half = faces - Math.floor(faces / 2);
    recordRun(fp, "highRuns", previous > half, face > half);
  }
}
