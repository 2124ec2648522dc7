import assert from "node:assert/strict";
import { HEARTS, maskOf, parseCards, SPADES } from "../../../src/games/baloot/cards.js";
import type { RuleProfile } from "../../../src/games/baloot/profile.js";
import { KAMMELNA_LIKE, SAUDI_DEFAULT, withOverrides } from "../../../src/games/baloot/profile.js";
import type { Project, ProjectContract } from "../../../src/games/baloot/projects.js";
import { findProjects } from "../../../src/games/baloot/projects.js";
import type { HandScoreInput, ScoreSheet } from "../../../src/games/baloot/scoring.js";
import {
  applyHandToMatch,
  hokumGamePoints,
  scoreHand,
  sunGamePoints,
} from "../../../src/games/baloot/scoring.js";

const D = SAUDI_DEFAULT;
const P = (s: string, contract: ProjectContract = "HOKUM", profile: RuleProfile = D): Project[] =>
  findProjects(maskOf(parseCards(s)), contract, profile);

/**
 * A hand where the non-buyer team's cards + ground = x (it takes the last trick when x ≥ 10).
 * Buyer seat 0 (team 0) unless given; dealer 3 so the buyer is D+1.
 */
function input(contract: ProjectContract, x: number, over: Partial<HandScoreInput> = {}): HandScoreInput {
  const buyer = over.buyer ?? 0;
  const bt = buyer & 1;
  const nb = 1 - bt;
  const totalCards = contract === "SUN" ? 120 : 152;
  const nbGround = x >= 10 ? 10 : 0;
  const cardPoints: [number, number] = [0, 0];
  cardPoints[nb] = x - nbGround;
  cardPoints[bt] = totalCards - cardPoints[nb];
  return {
    contract,
    trump: contract === "SUN" ? -1 : SPADES,
    buyer,
    dealer: 3,
    level: 1,
    gahwa: false,
    lastRaiser: null,
    initialDoubler: null,
    closed: false,
    cardPoints,
    lastTrickTeam: (nbGround ? nb : bt) as 0 | 1,
    tricksWon: [4, 4],
    declared: [[], [], [], []],
    baloot: { holder: null, announced: false },
    matchScoresBefore: [0, 0],
    ...over,
  };
}
const gp = (s: ScoreSheet): [number, number] => s.gamePoints;
const prof = (o: Parameters<typeof withOverrides>[1], base: RuleProfile = D): RuleProfile => withOverrides(base, o);
const KABOOT_HOKUM = { cardPoints: [152, 0] as [number, number], lastTrickTeam: 0 as const, tricksWon: [8, 0] as [number, number] };
const KABOOT_SUN = { cardPoints: [120, 0] as [number, number], lastTrickTeam: 0 as const, tricksWon: [8, 0] as [number, number] };

describe("baloot scoring §10", () => {
  describe("conversion §10.4", () => {
    it("Hokum: remainder 6–9 rounds up, 1–5 drops", () => {
      const table: [number, number][] = [[45, 4], [55, 5], [56, 6], [62, 6], [65, 6], [66, 7], [75, 7], [76, 8], [81, 8]];
      for (const [x, g] of table) assert.equal(hokumGamePoints(x), g, `x=${x}`);
      assert.equal(hokumGamePoints(0), 0);
      assert.equal(hokumGamePoints(162), 16);
    });

    it("Sun: 5 counts one (FIVE_COUNTS_ONE)", () => {
      const table: [number, number][] = [[24, 4], [25, 5], [35, 7], [44, 8], [45, 9], [46, 10], [55, 11], [64, 12], [65, 13]];
      for (const [x, g] of table) assert.equal(sunGamePoints(x, D), g, `x=${x}`);
      assert.equal(sunGamePoints(130, D), 26);
      assert.equal(sunGamePoints(85, D), 17); // SAK worked example 45 → 9 / 85 → 17
    });

    it("Sun FIVE_ROUNDS_UP variant (BLT): 45 → 10, 44 → 8, 25 → 6", () => {
      const v = prof({ scoring: { sunConversion: "FIVE_ROUNDS_UP" } });
      assert.equal(sunGamePoints(45, v), 10);
      assert.equal(sunGamePoints(44, v), 8);
      assert.equal(sunGamePoints(25, v), 6);
      assert.equal(sunGamePoints(46, v), 10);
      assert.deepEqual(gp(scoreHand(input("SUN", 45), v)), [16, 10]);
    });

    it("Hokum reference table through scoreHand (non-buyer x → non-buyer/buyer GP)", () => {
      const table: [number, number, number][] = [
        [45, 4, 12], [55, 5, 11], [56, 6, 10], [62, 6, 10], [65, 6, 10], [66, 7, 9], [75, 7, 9], [76, 8, 8], [81, 8, 8],
      ];
      for (const [x, nb, b] of table) {
        const s = scoreHand(input("HOKUM", x), D);
        assert.deepEqual(gp(s), [b, nb], `x=${x}`);
        assert.equal(s.outcome, x === 81 ? "TIE" : "MADE", `x=${x}`);
      }
    });

    it("Sun reference table through scoreHand, with the buyer on either team", () => {
      const table: [number, number, number][] = [
        [24, 4, 22], [25, 5, 21], [35, 7, 19], [44, 8, 18], [45, 9, 17], [46, 10, 16], [55, 11, 15], [64, 12, 14], [65, 13, 13],
      ];
      for (const [x, nb, b] of table) {
        assert.deepEqual(gp(scoreHand(input("SUN", x), D)), [b, nb], `x=${x}`);
        assert.deepEqual(gp(scoreHand(input("SUN", x, { buyer: 3, dealer: 2 }), D)), [nb, b], `x=${x} buyer 3`);
      }
      assert.equal(scoreHand(input("SUN", 65), D).outcome, "TIE");
    });

    it("undoubled made hands without projects always sum to 16 / 26", () => {
      for (let x = 0; x <= 81; x++) assert.equal(gp(scoreHand(input("HOKUM", x), D)).reduce((a, b) => a + b), 16);
      for (let x = 0; x <= 65; x++) assert.equal(gp(scoreHand(input("SUN", x), D)).reduce((a, b) => a + b), 26);
    });
  });

  describe("buyer success test §10.3", () => {
    it("no projects: Sun fails at 66 (tie 65), Hokum fails at 82 (tie 81)", () => {
      assert.equal(scoreHand(input("SUN", 66), D).outcome, "FAILED");
      assert.equal(scoreHand(input("SUN", 65), D).outcome, "TIE");
      assert.equal(scoreHand(input("HOKUM", 82), D).outcome, "FAILED");
      assert.equal(scoreHand(input("HOKUM", 81), D).outcome, "TIE");
      assert.deepEqual(gp(scoreHand(input("HOKUM", 82), D)), [0, 16]);
      assert.deepEqual(gp(scoreHand(input("SUN", 66), D)), [0, 26]);
    });

    it("REG worked thresholds when the opponents hold a project", () => {
      const rows: [ProjectContract, string, number, number][] = [
        ["SUN", "7H 8H 9H", 56, 55],
        ["HOKUM", "7H 8H 9H", 72, 71],
        ["SUN", "7H 8H 9H 10H", 41, 40],
        ["HOKUM", "7H 8H 9H 10H", 57, 56],
        ["SUN", "7H 8H 9H 10H JH", 16, 15],
        ["HOKUM", "7H 8H 9H 10H JH", 32, 31],
      ];
      for (const [contract, proj, fail, tie] of rows) {
        const declared = [[], P(proj, contract), [], []];
        const f = scoreHand(input(contract, fail, { declared }), D);
        assert.equal(f.outcome, "FAILED", `${contract} ${proj} at ${fail}`);
        assert.equal(f.teams[1].abnat - f.teams[0].abnat, 2);
        const t = scoreHand(input(contract, tie, { declared }), D);
        assert.equal(t.outcome, "TIE", `${contract} ${proj} at ${tie}`);
        assert.equal(t.teams[1].abnat, t.teams[0].abnat);
      }
    });

    it("the buyer's projects help him make it (raw, undoubled)", () => {
      // Sun: buyer Fifty, opponents 90 card+ground: 40 + 50 = 90 vs 90 → tie; 89 → made.
      const declared = [P("7H 8H 9H 10H", "SUN"), [], [], []];
      const t = scoreHand(input("SUN", 90, { declared }), D);
      assert.equal(t.outcome, "TIE");
      assert.deepEqual(gp(t), [8 + 10, 18]);
      const m = scoreHand(input("SUN", 89, { declared }), D);
      assert.equal(m.outcome, "MADE");
      assert.deepEqual(gp(m), [8 + 10, 18]);
    });
  });

  describe("exact ties §10.4.3", () => {
    it("SPLIT (default): 8/8 Hokum, 13/13 Sun, each with its own projects", () => {
      assert.deepEqual(gp(scoreHand(input("HOKUM", 81), D)), [8, 8]);
      assert.deepEqual(gp(scoreHand(input("SUN", 65), D)), [13, 13]);
      // Sun tie with the buyer's Sira: buyer 55 + 20 = 75 vs 75 → 11 + 4 / 15.
      const s = scoreHand(input("SUN", 75, { declared: [P("7H 8H 9H", "SUN"), [], [], []] }), D);
      assert.equal(s.outcome, "TIE");
      assert.equal(s.handWinnerTeam, null);
      assert.deepEqual(gp(s), [15, 15]);
    });

    it("tie BUYER_LOSES: a Hokum tie fails the buyer, a Sun tie still splits", () => {
      const v = prof({ scoring: { tie: "BUYER_LOSES" } });
      const h = scoreHand(input("HOKUM", 81), v);
      assert.equal(h.outcome, "FAILED");
      assert.deepEqual(gp(h), [0, 16]);
      const s = scoreHand(input("SUN", 65), v);
      assert.equal(s.outcome, "TIE");
      assert.deepEqual(gp(s), [13, 13]);
    });
  });

  describe("failed buyer §10.5", () => {
    // Sun: buyer Sira (counted), buyer 30 + 20 = 50 vs 100 → failed.
    const failing = input("SUN", 100, { declared: [P("7H 8H 9H", "SUN"), [], [], []] });

    it("TRANSFER (default): the non-buyer takes 26 + every counted project", () => {
      const s = scoreHand(failing, D);
      assert.equal(s.outcome, "FAILED");
      assert.equal(s.handWinnerTeam, 1);
      assert.deepEqual(gp(s), [0, 30]);
      assert.equal(s.teams[1].awarded.projects, 4);
      assert.equal(s.projectWinnerTeam, 0);
    });

    it("FORFEIT: the buyer's projects vanish", () => {
      assert.deepEqual(gp(scoreHand(failing, prof({ scoring: { failedBuyerProjects: "FORFEIT" } }))), [0, 26]);
    });

    it("non-buyer keeps its own counted projects on top of 26/16", () => {
      const s = scoreHand(input("HOKUM", 100, { declared: [[], [], [], P("7H 8H 9H 10H")] }), D);
      assert.deepEqual(gp(s), [0, 21]);
    });

    // Hokum, buyer holds trump K+Q and announces; buyer 60 + 20 = 80 vs 102 → failed.
    const balootFail = input("HOKUM", 102, { baloot: { holder: 2, announced: true } });
    it("Baloot of the failed buyer: OWNER_KEEPS (default)", () => {
      const s = scoreHand(balootFail, D);
      assert.equal(s.outcome, "FAILED");
      assert.deepEqual(gp(s), [2, 16]);
    });
    it("Baloot of the failed buyer: TRANSFER", () => {
      assert.deepEqual(gp(scoreHand(balootFail, prof({ scoring: { balootOnFailure: "TRANSFER" } }))), [0, 18]);
    });
    it("Baloot of the failed buyer: VOID", () => {
      assert.deepEqual(gp(scoreHand(balootFail, prof({ scoring: { balootOnFailure: "VOID" } }))), [0, 16]);
    });
    it("the winner's own Baloot is always kept", () => {
      const s = scoreHand(input("HOKUM", 102, { baloot: { holder: 1, announced: true } }), D);
      assert.deepEqual(gp(s), [0, 18]);
    });
  });

  describe("§10.3 Baloot example: Hokum, buyer 75 + Baloot vs 87", () => {
    const ex = input("HOKUM", 87, { baloot: { holder: 0, announced: true } });
    it("REG (balootCountsForContract=true): made, 9 / 9 after Baloot", () => {
      const s = scoreHand(ex, D);
      assert.equal(s.teams[0].abnat, 95);
      assert.equal(s.outcome, "MADE");
      assert.deepEqual(gp(s), [9, 9]);
    });
    it("KAM (balootCountsForContract=false, Baloot TRANSFER): failed, 0 / 18", () => {
      const s = scoreHand(ex, KAMMELNA_LIKE);
      assert.equal(s.outcome, "FAILED");
      assert.deepEqual(gp(s), [0, 18]);
    });
    it("balootCountsForContract=false alone (Baloot OWNER_KEEPS): failed, 2 / 16", () => {
      assert.deepEqual(gp(scoreHand(ex, prof({ scoring: { balootCountsForContract: false } }))), [2, 16]);
    });
  });

  describe("Baloot §9.5", () => {
    it("announced Baloot scores 2 GP, unannounced nothing, never in Sun", () => {
      assert.deepEqual(gp(scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: true } }), D)), [12, 6]);
      const un = scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: false } }), D);
      assert.deepEqual(gp(un), [10, 6]);
      assert.equal(un.balootScored, false);
      const sun = scoreHand(input("SUN", 56, { baloot: { holder: 0, announced: true } }), D);
      assert.equal(sun.balootScored, false);
      assert.deepEqual(gp(sun), [14, 12]);
    });

    it("scores regardless of the project comparison, for either team", () => {
      const s = scoreHand(
        input("HOKUM", 56, { baloot: { holder: 1, announced: true }, declared: [P("10H JH QH KH AH"), [], [], []] }),
        D,
      );
      assert.equal(s.projectWinnerTeam, 0);
      assert.deepEqual(gp(s), [10 + 10, 6 + 2]);
      assert.equal(s.teams[1].baloot.raw, 20);
    });

    it("counts unannounced when trump K+Q are inside a counted sequence of the holder", () => {
      const declared = [P("JS QS KS"), [], [], []];
      const s = scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: false }, declared }), D);
      assert.equal(s.balootScored, true);
      assert.deepEqual(gp(s), [10 + 2 + 2, 6]);
    });

    it("not when that sequence does not count (the other team won projects)", () => {
      const declared = [P("JS QS KS"), P("7H 8H 9H 10H"), [], []];
      const s = scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: false }, declared }), D);
      assert.equal(s.balootScored, false);
      // Announced: counts again.
      const a = scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: true }, declared }), D);
      assert.equal(a.balootScored, true);
    });

    it("not scored when the holder lays four Kings or four Queens", () => {
      for (const four of ["KS KH KD KC", "QS QH QD QC"]) {
        const s = scoreHand(input("HOKUM", 56, { baloot: { holder: 0, announced: true }, declared: [P(four), [], [], []] }), D);
        assert.equal(s.balootScored, false, four);
        assert.deepEqual(gp(s), [10 + 10, 6]);
      }
      // The four does not count (opponents' sequence Hundred wins): Baloot scores.
      const s = scoreHand(
        input("HOKUM", 56, {
          baloot: { holder: 0, announced: true },
          declared: [P("KS KH KD KC"), P("7H 8H 9H 10H JH"), [], []],
        }),
        D,
      );
      assert.equal(s.balootScored, true);
    });

    it("inside a sequence Hundred: COUNTS (default, REG 5-6) vs ABSORBED (SAK, TAZ)", () => {
      const declared = [P("9S 10S JS QS KS"), [], [], []];
      const base = input("HOKUM", 56, { baloot: { holder: 0, announced: true }, declared });
      assert.equal(scoreHand(base, D).balootScored, true);
      assert.deepEqual(gp(scoreHand(base, D)), [10 + 10 + 2, 6]);
      const abs = scoreHand(base, prof({ projects: { balootInsideSequenceHundred: "ABSORBED" } }));
      assert.equal(abs.balootScored, false);
      assert.deepEqual(gp(abs), [10 + 10, 6]);
      // A Fifty containing K+Q is not a Hundred: still counts under ABSORBED.
      const fifty = input("HOKUM", 56, { baloot: { holder: 0, announced: false }, declared: [P("10S JS QS KS"), [], [], []] });
      assert.equal(scoreHand(fifty, prof({ projects: { balootInsideSequenceHundred: "ABSORBED" } })).balootScored, true);
    });

    it("a sequence of another suit does not carry Baloot", () => {
      const s = scoreHand(
        input("HOKUM", 56, { trump: HEARTS, baloot: { holder: 0, announced: false }, declared: [P("JS QS KS"), [], [], []] }),
        D,
      );
      assert.equal(s.balootScored, false);
    });
  });

  describe("kaboot §10.6", () => {
    it("buyer kaboot: 25 Hokum / 44 Sun, the other team 0", () => {
      const h = scoreHand(input("HOKUM", 0, KABOOT_HOKUM), D);
      assert.equal(h.outcome, "KABOOT");
      assert.equal(h.kabootTeam, 0);
      assert.deepEqual(gp(h), [25, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 0, KABOOT_SUN), D)), [44, 0]);
    });

    it("defenders' kaboot", () => {
      const s = scoreHand(
        input("HOKUM", 162, { cardPoints: [0, 152], lastTrickTeam: 1, tricksWon: [0, 8] }),
        D,
      );
      assert.equal(s.outcome, "KABOOT");
      assert.equal(s.kabootTeam, 1);
      assert.deepEqual(gp(s), [0, 25]);
    });

    const withProjects = (own: string, theirs: string | null, baloot: number | null): HandScoreInput =>
      input("HOKUM", 0, {
        ...KABOOT_HOKUM,
        declared: [P(own), theirs ? P(theirs) : [], [], []],
        baloot: { holder: baloot, announced: true },
      });

    it("kabootProjects OWN (default): own counted projects and own Baloot; kabooted keeps its Baloot", () => {
      assert.deepEqual(gp(scoreHand(withProjects("7H 8H 9H 10H", null, 0), D)), [25 + 5 + 2, 0]);
      // The kabooted team won the projects: nobody scores them; its Baloot stays with it.
      assert.deepEqual(gp(scoreHand(withProjects("7H 8H 9H", "10D JD QD KD AD", 1), D)), [25, 2]);
    });

    it("kabootProjects ALL_TO_KABOOT_TEAM: every counted project and every Baloot", () => {
      const v = prof({ scoring: { kabootProjects: "ALL_TO_KABOOT_TEAM" } });
      assert.deepEqual(gp(scoreHand(withProjects("7H 8H 9H", "10D JD QD KD AD", 1), v)), [25 + 10 + 2, 0]);
    });

    it("kabootProjects NONE: flat 25/44", () => {
      const v = prof({ scoring: { kabootProjects: "NONE" } });
      assert.deepEqual(gp(scoreHand(withProjects("7H 8H 9H 10H", null, null), v)), [25, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 0, { ...KABOOT_SUN, declared: [P("7H 8H 9H 10H", "SUN"), [], [], []] }), v)), [44, 0]);
    });

    it("§10.6 kabootProjects NONE: a kaboot team holding Baloot scores a flat 25, not 27", () => {
      const v = prof({ scoring: { kabootProjects: "NONE" } });
      const s = scoreHand(withProjects("7H 8H 9H", null, 0), v);
      assert.deepEqual(gp(s), [25, 0]);
      assert.equal(s.balootScored, false);
      assert.deepEqual(s.teams[0].awarded, { cards: 25, projects: 0, baloot: 0 });
    });

    it("§10.6 kabootProjects NONE: the kabooted team's Baloot counts for nobody (0, not 2)", () => {
      const v = prof({ scoring: { kabootProjects: "NONE" } });
      const s = scoreHand(withProjects("7H 8H 9H", "10D JD QD KD AD", 1), v);
      assert.deepEqual(gp(s), [25, 0]);
      assert.equal(s.balootScored, false);
      // The same with the defenders making the kaboot over a buyer holding Baloot.
      const d = scoreHand(
        input("HOKUM", 162, { cardPoints: [0, 152], lastTrickTeam: 1, tricksWon: [0, 8], baloot: { holder: 0, announced: true } }),
        v,
      );
      assert.deepEqual(gp(d), [0, 25]);
    });

    it("not multiplied by doubling (default); kabootMultiplied: 50/75/100 Hokum, 88 Sun doubled", () => {
      for (const level of [2, 3, 4] as const) {
        assert.deepEqual(gp(scoreHand(input("HOKUM", 0, { ...KABOOT_HOKUM, level }), D)), [25, 0]);
      }
      const v = prof({ doubling: { kabootMultiplied: true } });
      assert.deepEqual(gp(scoreHand(input("HOKUM", 0, { ...KABOOT_HOKUM, level: 2 }), v)), [50, 0]);
      assert.deepEqual(gp(scoreHand(input("HOKUM", 0, { ...KABOOT_HOKUM, level: 3 }), v)), [75, 0]);
      assert.deepEqual(gp(scoreHand(input("HOKUM", 0, { ...KABOOT_HOKUM, level: 4 }), v)), [100, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 0, { ...KABOOT_SUN, level: 2 }), v)), [88, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 0, { ...KABOOT_SUN, level: 2 }), D)), [44, 0]);
    });

    it("projects in a doubled kaboot use the project multiplier", () => {
      const s = scoreHand(input("HOKUM", 0, { ...KABOOT_HOKUM, level: 2, declared: [P("7H 8H 9H 10H"), [], [], []] }), D);
      assert.deepEqual(gp(s), [25 + 10, 0]);
    });
  });

  describe("reverse kaboot (flag, §10.6)", () => {
    // Sun, buyer seat 0 = D+1 (dealer 3) held an Ace, his team took no trick.
    const rk = (over: Partial<HandScoreInput> = {}): HandScoreInput =>
      input("SUN", 130, { cardPoints: [0, 120], lastTrickTeam: 1, tricksWon: [0, 8], buyerHeldAce: true, ...over });
    const on = prof({ scoring: { reverseKaboot: true } });

    it("on: the opponents score 88, never doubled", () => {
      const s = scoreHand(rk(), on);
      assert.equal(s.outcome, "REVERSE_KABOOT");
      assert.deepEqual(gp(s), [0, 88]);
      assert.deepEqual(gp(scoreHand(rk({ level: 2 }), prof({ scoring: { reverseKaboot: true }, doubling: { kabootMultiplied: true } }))), [0, 88]);
    });

    it("off (default), or the buyer not D+1, or no Ace: an ordinary kaboot (44)", () => {
      assert.deepEqual(gp(scoreHand(rk(), D)), [0, 44]);
      assert.deepEqual(gp(scoreHand(rk({ dealer: 0 }), on)), [0, 44]);
      assert.deepEqual(gp(scoreHand(rk({ buyerHeldAce: false }), on)), [0, 44]);
      assert.equal(scoreHand(rk({ dealer: 0 }), on).outcome, "KABOOT");
    });
  });

  describe("doubled hands §10.7", () => {
    it("all or nothing: Hokum 32/48/64, Sun 52", () => {
      for (const level of [2, 3, 4] as const) {
        const s = scoreHand(input("HOKUM", 70, { level }), D);
        assert.equal(s.outcome, "MADE");
        assert.deepEqual(gp(s), [16 * level, 0]);
        const f = scoreHand(input("HOKUM", 90, { level }), D);
        assert.equal(f.outcome, "FAILED");
        assert.deepEqual(gp(f), [0, 16 * level]);
      }
      assert.deepEqual(gp(scoreHand(input("SUN", 50, { level: 2 }), D)), [52, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 70, { level: 2 }), D)), [0, 52]);
    });

    it("tie → against the last raiser (doubler at ×2 / ×4, buyer at ×3)", () => {
      const t = (level: 2 | 3 | 4, lastRaiser: number | null, profile = D): ScoreSheet =>
        scoreHand(input("HOKUM", 81, { level, lastRaiser, initialDoubler: 1 }), profile);
      assert.deepEqual(gp(t(2, 1)), [32, 0]);
      assert.equal(t(2, 1).tieLoserTeam, 1);
      assert.deepEqual(gp(t(3, 0)), [0, 48]);
      assert.deepEqual(gp(t(4, 1)), [64, 0]);
      // Without a recorded raiser the level tells who raised last.
      assert.deepEqual(gp(t(2, null)), [32, 0]);
      assert.deepEqual(gp(t(3, null)), [0, 48]);
      // Sun doubled tie.
      assert.deepEqual(gp(scoreHand(input("SUN", 65, { level: 2, lastRaiser: 3, initialDoubler: 3 }), D)), [52, 0]);
    });

    it("tieLoser INITIAL_DOUBLER: the doubler's team loses every tie", () => {
      const v = prof({ doubling: { tieLoser: "INITIAL_DOUBLER" } });
      const s = scoreHand(input("HOKUM", 81, { level: 3, lastRaiser: 0, initialDoubler: 1 }), v);
      assert.deepEqual(gp(s), [48, 0]);
      assert.equal(s.tieLoserTeam, 1);
    });

    it("project multiplier per level and flag; Baloot unmultiplied", () => {
      const declared = [P("7H 8H 9H 10H"), [], [], []]; // Fifty: 5 GP in Hokum
      const run = (level: 2 | 3 | 4, profile: RuleProfile): [number, number] =>
        gp(scoreHand(input("HOKUM", 70, { level, declared, baloot: { holder: 2, announced: true } }), profile));
      // Default {2:2, 3:1, 4:1}.
      assert.deepEqual(run(2, D), [32 + 10 + 2, 0]);
      assert.deepEqual(run(3, D), [48 + 5 + 2, 0]);
      assert.deepEqual(run(4, D), [64 + 5 + 2, 0]);
      // ×level (KAM).
      const lvl = prof({ doubling: { projectMultiplier: { 2: 2, 3: 3, 4: 4 } } });
      assert.deepEqual(run(2, lvl), [32 + 10 + 2, 0]);
      assert.deepEqual(run(3, lvl), [48 + 15 + 2, 0]);
      assert.deepEqual(run(4, lvl), [64 + 20 + 2, 0]);
      // ×2 at every level.
      const two = prof({ doubling: { projectMultiplier: { 2: 2, 3: 2, 4: 2 } } });
      assert.deepEqual(run(3, two), [48 + 10 + 2, 0]);
      assert.deepEqual(run(4, two), [64 + 10 + 2, 0]);
    });

    it("the losing team's projects go to the winner (TRANSFER) or vanish (FORFEIT); its Baloot per balootOnFailure", () => {
      const s = input("HOKUM", 120, { level: 2, declared: [P("7H 8H 9H 10H"), [], [], []], baloot: { holder: 0, announced: true } });
      assert.deepEqual(gp(scoreHand(s, D)), [2, 32 + 10]);
      assert.deepEqual(gp(scoreHand(s, prof({ scoring: { failedBuyerProjects: "FORFEIT", balootOnFailure: "VOID" } }))), [0, 32]);
    });

    it("projects decide a doubled hand on raw abnat", () => {
      // Buyer 72 + Fifty 50 = 122 vs 90.
      const s = scoreHand(input("HOKUM", 90, { level: 2, declared: [P("7H 8H 9H 10H"), [], [], []] }), D);
      assert.equal(s.outcome, "MADE");
      assert.deepEqual(gp(s), [32 + 10, 0]);
    });
  });

  describe("Gahwa §10.8", () => {
    const g = (x: number, over: Partial<HandScoreInput> = {}): ScoreSheet =>
      scoreHand(input("HOKUM", x, { level: 4, gahwa: true, lastRaiser: 0, initialDoubler: 1, ...over }), D);

    it("the team with more abnat wins the match at once", () => {
      const won = g(70);
      assert.equal(won.outcome, "GAHWA_WON");
      assert.equal(won.decidedMatch, true);
      assert.equal(won.matchWinnerTeam, 0);
      const lost = g(90);
      assert.equal(lost.outcome, "GAHWA_LOST");
      assert.equal(lost.matchWinnerTeam, 1);
      const m = applyHandToMatch([10, 140], won, D);
      assert.equal(m.over, true);
      assert.equal(m.winnerTeam, 0);
    });

    it("a tie goes against the buyer (last raiser)", () => {
      const s = g(81);
      assert.equal(s.matchWinnerTeam, 1);
      assert.equal(s.tieLoserTeam, 0);
    });

    it("kaboot is irrelevant: still decides the match", () => {
      const s = g(0, { ...KABOOT_HOKUM });
      assert.equal(s.decidedMatch, true);
      assert.equal(s.matchWinnerTeam, 0);
      assert.equal(s.kaboot, false);
    });
  });

  describe("Qaid foul §12.3", () => {
    it("the other team scores the hand value × level plus its own projects", () => {
      const declared = [P("7H 8H 9H 10H"), [], [], []];
      const s = scoreHand(input("HOKUM", 40, { declared, foul: { offendingTeam: 1 } }), D);
      assert.equal(s.outcome, "FOUL");
      assert.equal(s.handWinnerTeam, 0);
      assert.deepEqual(gp(s), [16 + 5, 0]);
      const d = scoreHand(input("HOKUM", 40, { level: 2, declared, foul: { offendingTeam: 1 } }), D);
      assert.deepEqual(gp(d), [32 + 10, 0]);
      assert.deepEqual(gp(scoreHand(input("SUN", 40, { foul: { offendingTeam: 1 } }), D)), [26, 0]);
    });

    it("the offender's projects are never transferred (even under TRANSFER)", () => {
      const declared = [[], P("7H 8H 9H 10H JH"), [], []];
      const s = scoreHand(input("HOKUM", 40, { declared, foul: { offendingTeam: 1 } }), D);
      assert.deepEqual(gp(s), [16, 0]);
    });

    it("the buyer's team can be the offender", () => {
      const s = scoreHand(input("HOKUM", 40, { foul: { offendingTeam: 0 } }), D);
      assert.deepEqual(gp(s), [0, 16]);
      assert.equal(s.foul?.offendingTeam, 0);
    });

    it("a delayed claim after a kaboot gives the offended team the kaboot when worth more", () => {
      const s = scoreHand(input("SUN", 0, { ...KABOOT_SUN, foul: { offendingTeam: 1 } }), D);
      assert.deepEqual(gp(s), [44, 0]);
      assert.equal(s.kaboot, true);
    });

    it("a foul in a Gahwa hand decides the match for the other team", () => {
      const s = scoreHand(input("HOKUM", 40, { level: 4, gahwa: true, foul: { offendingTeam: 0 } }), D);
      assert.equal(s.decidedMatch, true);
      assert.equal(s.matchWinnerTeam, 1);
    });
  });

  describe("match §11", () => {
    const sheet = (a: number, b: number): ScoreSheet => {
      const s = scoreHand(input("HOKUM", 56), D);
      return { ...s, gamePoints: [a, b] };
    };

    it("no one at the target: play on", () => {
      assert.deepEqual(applyHandToMatch([100, 120], sheet(10, 6), D), { scores: [110, 126], over: false, winnerTeam: null });
    });

    it("one team reaches 152: it wins", () => {
      assert.deepEqual(applyHandToMatch([140, 120], sheet(12, 4), D), { scores: [152, 124], over: true, winnerTeam: 0 });
      assert.deepEqual(applyHandToMatch([140, 150], sheet(0, 2), D), { scores: [140, 152], over: true, winnerTeam: 1 });
    });

    it("both cross: the higher total wins; exactly equal: another hand", () => {
      assert.deepEqual(applyHandToMatch([145, 148], sheet(10, 6), D), { scores: [155, 154], over: true, winnerTeam: 0 });
      assert.deepEqual(applyHandToMatch([146, 150], sheet(8, 8), D), { scores: [154, 158], over: true, winnerTeam: 1 });
      const tie = applyHandToMatch([146, 146], sheet(8, 8), D);
      assert.deepEqual(tie, { scores: [154, 154], over: false, winnerTeam: null });
      // The extra hand decides.
      assert.deepEqual(applyHandToMatch(tie.scores, sheet(10, 6), D), { scores: [164, 160], over: true, winnerTeam: 0 });
    });

    it("targetScore comes from the profile", () => {
      const v = prof({ targetScore: 100 });
      assert.equal(applyHandToMatch([95, 0], sheet(10, 6), v).over, true);
      assert.equal(applyHandToMatch([95, 0], sheet(10, 6), D).over, false);
    });
  });

  it("the sheet is JSON-serialisable and carries the §10.9 fields", () => {
    const s = scoreHand(
      input("HOKUM", 56, { declared: [P("10S JS QS KS"), [], [], []], baloot: { holder: 0, announced: false }, closed: true, level: 2 }),
      D,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    assert.equal(s.teams[0].ground, 0);
    assert.equal(s.teams[1].ground, 10);
    assert.equal(s.teams[0].cardPoints + s.teams[1].cardPoints, 152);
    assert.equal(s.teams[0].abnat, 106 + 50 + 20);
    assert.equal(s.teams[0].projects.length, 1);
    assert.equal(s.closed, true);
    assert.equal(s.level, 2);
    assert.equal(s.buyerTeam, 0);
  });
});
