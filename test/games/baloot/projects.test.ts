import assert from "node:assert/strict";
import { maskOf, parseCards } from "../../../src/games/baloot/cards.js";
import { SAUDI_DEFAULT, withOverrides } from "../../../src/games/baloot/profile.js";
import type { Project, ProjectContract } from "../../../src/games/baloot/projects.js";
import {
  compareTeamProjects,
  findBalootHolder,
  findProjects,
  projectGP,
  projectStrength,
} from "../../../src/games/baloot/projects.js";

const hand = (s: string): number => maskOf(parseCards(s));
const kinds = (ps: Project[]): string[] => ps.map((p) => `${p.kind}/${p.form}/${p.topRank}`);
const find = (s: string, contract: ProjectContract = "SUN", profile = SAUDI_DEFAULT): Project[] =>
  findProjects(hand(s), contract, profile);
const one = (s: string, contract: ProjectContract = "SUN"): Project => {
  const ps = find(s, contract, withOverrides(SAUDI_DEFAULT, { projects: { maxPerPlayer: 0 } }));
  assert.ok(ps[0], `no project in ${s}`);
  return ps[0];
};

describe("baloot projects §9", () => {
  describe("detection §9.1", () => {
    it("finds nothing in a plain hand", () => {
      assert.deepEqual(find("7S 9S JS KS 8H 10D QC AC"), []);
    });

    it("Sira, Fifty, Hundred by run length with the natural top card", () => {
      assert.deepEqual(kinds(find("7S 8S 9S JH QD KC AC 9C")), ["SIRA/SEQUENCE/2"]);
      assert.deepEqual(kinds(find("10H JH QH KH 7S 9D JC AD")), ["FIFTY/SEQUENCE/6"]);
      assert.deepEqual(kinds(find("10D JD QD KD AD 7S 9H JC")), ["HUNDRED/SEQUENCE/7"]);
      const p = find("10D JD QD KD AD 7S 9H JC")[0] as Project;
      assert.equal(p.cards, hand("10D JD QD KD AD"));
      assert.equal(p.raw, 100);
    });

    it("10-J-Q, 9-10-J and 8-9-10 are sequences (natural order §4.2)", () => {
      assert.deepEqual(kinds(find("10S JS QS 7H 9D AC KH 8C")), ["SIRA/SEQUENCE/5"]);
      assert.deepEqual(kinds(find("9C 10C JC 7H 9D AS KH 8S")), ["SIRA/SEQUENCE/4"]);
      assert.deepEqual(kinds(find("8H 9H 10H 7S 9D AC KS QD")), ["SIRA/SEQUENCE/3"]);
    });

    it("a run longer than 5 is one Hundred (6, 7, 8 cards)", () => {
      assert.deepEqual(kinds(find("7S 8S 9S 10S JS QS AH AD")), ["HUNDRED/SEQUENCE/5"]);
      assert.deepEqual(kinds(find("8C 9C 10C JC QC KC AC 7H")), ["HUNDRED/SEQUENCE/7"]);
      assert.deepEqual(kinds(find("7D 8D 9D 10D JD QD KD AD")), ["HUNDRED/SEQUENCE/7"]);
    });

    it("runs never cross suits", () => {
      // A♠ (bit 7) next to 7♥ (bit 8): not a sequence.
      assert.deepEqual(find("KS AS 7H 8H 10D QC 9C JD"), []);
    });

    it("two sequences in one hand, strongest first", () => {
      assert.deepEqual(kinds(find("7S 8S 9S QH KH AH 10D JC")), ["SIRA/SEQUENCE/7", "SIRA/SEQUENCE/2"]);
      assert.deepEqual(kinds(find("7S 8S 9S JH QH KH AH 10D")), ["FIFTY/SEQUENCE/7", "SIRA/SEQUENCE/2"]);
    });

    it("four K/Q/J/10 are a Hundred in both contracts; four 9/8/7 are nothing", () => {
      for (const c of ["SUN", "HOKUM"] as const) {
        assert.deepEqual(kinds(find("KS KH KD KC 7S 9H JD AC", c)), ["HUNDRED/FOUR/6"]);
        assert.deepEqual(kinds(find("QS QH QD QC 7S 9H JD AC", c)), ["HUNDRED/FOUR/5"]);
        assert.deepEqual(kinds(find("JS JH JD JC 7S 9H KD AC", c)), ["HUNDRED/FOUR/4"]);
        assert.deepEqual(kinds(find("10S 10H 10D 10C 7S 9H KD AC", c)), ["HUNDRED/FOUR/3"]);
        assert.deepEqual(find("9S 9H 9D 9C 7S JH KD AC", c), []);
        assert.deepEqual(find("8S 8H 8D 8C 7S JH KD AC", c), []);
        assert.deepEqual(find("7S 7H 7D 7C 9S JH KD AC", c), []);
      }
    });

    it("four Aces: Four Hundred (raw 200) in Sun, Hundred in Hokum", () => {
      const sun = find("AS AH AD AC 7S 9H JD QC", "SUN");
      assert.deepEqual(kinds(sun), ["FOUR_HUNDRED/FOUR/7"]);
      assert.equal(sun[0]?.raw, 200);
      const hokum = find("AS AH AD AC 7S 9H JD QC", "HOKUM");
      assert.deepEqual(kinds(hokum), ["HUNDRED/FOUR/7"]);
      assert.equal(hokum[0]?.raw, 100);
    });

    it("fourJacksInSun: off → four Jacks count only in Hokum", () => {
      const off = withOverrides(SAUDI_DEFAULT, { projects: { fourJacksInSun: false } });
      assert.deepEqual(find("JS JH JD JC 7S 9H KD AC", "SUN", off), []);
      assert.deepEqual(kinds(find("JS JH JD JC 7S 9H KD AC", "HOKUM", off)), ["HUNDRED/FOUR/4"]);
      assert.deepEqual(kinds(find("JS JH JD JC 7S 9H KD AC", "SUN")), ["HUNDRED/FOUR/4"]);
    });

    it("two fours in one hand", () => {
      assert.deepEqual(kinds(find("KS KH KD KC QS QH QD QC", "SUN")), ["HUNDRED/FOUR/6", "HUNDRED/FOUR/5"]);
      assert.deepEqual(kinds(find("AS AH AD AC 10S 10H 10D 10C", "SUN")), ["FOUR_HUNDRED/FOUR/7", "HUNDRED/FOUR/3"]);
    });
  });

  it("accepts signed 32-bit masks (club Ace = bit 31)", () => {
    const m = hand("QC KC AC 7S 9H JD 10S 8D");
    assert.deepEqual(findProjects(m | 0, "SUN", SAUDI_DEFAULT), findProjects(m, "SUN", SAUDI_DEFAULT));
    assert.equal(findProjects(m | 0, "SUN", SAUDI_DEFAULT)[0]?.cards, hand("QC KC AC"));
  });

  describe("one card, one project §9.1", () => {
    it("four Aces + Q-K-A♠ in Sun: the Four Hundred alone (200 > 20)", () => {
      assert.deepEqual(kinds(find("AS AH AD AC KS QS 7H 9D")), ["FOUR_HUNDRED/FOUR/7"]);
    });

    it("four Kings + Q-K-A♠ → only the Hundred", () => {
      assert.deepEqual(kinds(find("KS KH KD KC QS AS 7H 9D")), ["HUNDRED/FOUR/6"]);
    });

    it("flag off: sequences and fours are scanned independently (overlap allowed)", () => {
      const off = withOverrides(SAUDI_DEFAULT, { projects: { oneCardOneProject: false } });
      assert.deepEqual(kinds(find("KS KH KD KC QS AS 7H 9D", "SUN", off)), ["HUNDRED/FOUR/6", "SIRA/SEQUENCE/7"]);
    });

    it("four 10s + 7-8-9-10-J♠: four 10s + 7-8-9♠ (120) beats the sequence Hundred (100)", () => {
      assert.deepEqual(kinds(find("10S 10H 10D 10C 7S 8S 9S JS")), ["HUNDRED/FOUR/3", "SIRA/SEQUENCE/2"]);
    });

    it("four Kings + 9-10-J-Q-K♠: the four and the Fifty left over (150)", () => {
      assert.deepEqual(kinds(find("KS KH KD KC 9S 10S JS QS")), ["HUNDRED/FOUR/6", "FIFTY/SEQUENCE/5"]);
    });

    it("equal totals: the stronger combination (sequence Hundred over four Queens)", () => {
      // Four Q (100, rest 10-J♠ / K-A♠ nothing) vs 10-J-Q-K-A♠ (100): same raw, sequence ranks higher.
      assert.deepEqual(kinds(find("QS QH QD QC 10S JS KS AS")), ["HUNDRED/SEQUENCE/7"]);
    });
  });

  describe("maxPerPlayer", () => {
    it("cap 1 keeps the most valuable project; 0 = no cap; default 2", () => {
      const cap1 = withOverrides(SAUDI_DEFAULT, { projects: { maxPerPlayer: 1 } });
      assert.deepEqual(kinds(find("7S 8S 9S JH QH KH AH 10D", "SUN", cap1)), ["FIFTY/SEQUENCE/7"]);
      // Capped at one: the sequence Hundred 9-K♠ (same raw as four K, ranks higher).
      assert.deepEqual(kinds(find("KS KH KD KC 9S 10S JS QS", "SUN", cap1)), ["HUNDRED/SEQUENCE/6"]);
      const cap0 = withOverrides(SAUDI_DEFAULT, { projects: { maxPerPlayer: 0, oneCardOneProject: false } });
      assert.equal(find("KS KH KD KC QS AS JS 9D", "SUN", cap0).length, 2);
      assert.equal(find("7S 8S 9S JH QH KH AH 10D").length, 2);
    });

    it("default cap 2 with overlap allowed: four K + A-K-Q♠ + J-Q-K♥ keeps the four and the higher Sira", () => {
      const off = withOverrides(SAUDI_DEFAULT, { projects: { oneCardOneProject: false } });
      assert.deepEqual(kinds(find("KS KH KD KC QS AS JH QH", "SUN", off)), ["HUNDRED/FOUR/6", "SIRA/SEQUENCE/7"]);
    });

    it("cap applies to the independent scan too", () => {
      const p = withOverrides(SAUDI_DEFAULT, { projects: { maxPerPlayer: 1, oneCardOneProject: false } });
      assert.deepEqual(kinds(find("KS KH KD KC QS AS 7H 9D", "SUN", p)), ["HUNDRED/FOUR/6"]);
    });
  });

  describe("ranking §9.2", () => {
    const sunOrder = [
      "AS AH AD AC", // Four Hundred
      "9S 10S JS QS KS", // sequence Hundred
      "KS KH KD KC",
      "QS QH QD QC",
      "JS JH JD JC",
      "10S 10H 10D 10C",
      "7H 8H 9H 10H", // Fifty
      "7D 8D 9D", // Sira
    ];
    const hokumOrder = [
      "7S 8S 9S 10S JS", // sequence Hundred (even the lowest)
      "AS AH AD AC",
      "KS KH KD KC",
      "QS QH QD QC",
      "JS JH JD JC",
      "10S 10H 10D 10C",
      "JH QH KH AH", // Fifty J-A
      "QD KD AD", // Sira
    ];

    it("Sun order, strongest first", () => {
      const s = sunOrder.map((h) => projectStrength(one(h, "SUN"), "SUN"));
      for (let i = 1; i < s.length; i++) assert.ok((s[i - 1] as number) > (s[i] as number), sunOrder[i]);
    });

    it("Hokum order, strongest first (sequence Hundred beats four Aces)", () => {
      const s = hokumOrder.map((h) => projectStrength(one(h, "HOKUM"), "HOKUM"));
      for (let i = 1; i < s.length; i++) assert.ok((s[i - 1] as number) > (s[i] as number), hokumOrder[i]);
    });

    it("same kind: higher top card wins; same top = equal", () => {
      const st = (h: string): number => projectStrength(one(h), "SUN");
      assert.ok(st("QS KS AS") > st("JH QH KH"));
      assert.ok(st("8S 9S 10S") > st("7H 8H 9H"));
      assert.ok(st("JD QD KD AD") > st("10C JC QC KC"));
      assert.ok(st("10D JD QD KD AD") > st("9C 10C JC QC KC"));
      assert.equal(st("7S 8S 9S"), st("7H 8H 9H"));
      // A Fifty with a low top still beats any Sira.
      assert.ok(st("7S 8S 9S 10S") > st("QH KH AH"));
    });

    it("projectGP: Sun raw×2/10 (400 → 40), Hokum raw/10", () => {
      assert.equal(projectGP(one("7S 8S 9S", "SUN"), "SUN"), 4);
      assert.equal(projectGP(one("7S 8S 9S 10S", "SUN"), "SUN"), 10);
      assert.equal(projectGP(one("7S 8S 9S 10S JS", "SUN"), "SUN"), 20);
      assert.equal(projectGP(one("AS AH AD AC", "SUN"), "SUN"), 40);
      assert.equal(projectGP(one("7S 8S 9S", "HOKUM"), "HOKUM"), 2);
      assert.equal(projectGP(one("7S 8S 9S 10S", "HOKUM"), "HOKUM"), 5);
      assert.equal(projectGP(one("AS AH AD AC", "HOKUM"), "HOKUM"), 10);
    });
  });

  describe("team comparison §9.2–9.3", () => {
    const P = SAUDI_DEFAULT;
    const seats = (...h: (string | null)[]): Project[][] =>
      h.map((x) => (x ? findProjects(hand(x), "SUN", P) : []));

    it("no projects → no winner", () => {
      assert.deepEqual(compareTeamProjects([[], [], [], []], 0, "SUN", P), { winnerTeam: null, bestSeat: null });
    });

    it("the single best project decides, whichever seat holds it", () => {
      const d = seats("7S 8S 9S", "QH KH AH", null, "7D 8D 9D 10D");
      assert.deepEqual(compareTeamProjects(d, 0, "SUN", P), { winnerTeam: 1, bestSeat: 3 });
    });

    it("sequence Hundred beats four Kings; higher top card wins", () => {
      assert.deepEqual(compareTeamProjects(seats("KS KH KD KC", "7D 8D 9D 10D JD"), 2, "SUN", P), {
        winnerTeam: 1,
        bestSeat: 1,
      });
      assert.deepEqual(compareTeamProjects(seats("8S 9S 10S", null, "9H 10H JH"), 2, "SUN", P), {
        winnerTeam: 0,
        bestSeat: 2,
      });
    });

    it("exact tie: the seat nearer the dealer's right in speaking order wins", () => {
      // 7-8-9 at seats 1 and 2.
      const d = seats(null, "7S 8S 9S", "7H 8H 9H", null);
      // dealer 0 → order 1,2,3,0: seat 1 first.
      assert.deepEqual(compareTeamProjects(d, 0, "SUN", P), { winnerTeam: 1, bestSeat: 1 });
      // dealer 1 → order 2,3,0,1: seat 2 first.
      assert.deepEqual(compareTeamProjects(d, 1, "SUN", P), { winnerTeam: 0, bestSeat: 2 });
      // dealer 3 → order 0,1,2,3: seat 1 before seat 2.
      assert.deepEqual(compareTeamProjects(d, 3, "SUN", P), { winnerTeam: 1, bestSeat: 1 });
      // dealer 2 → order 3,0,1,2: seat 1 before seat 2.
      assert.deepEqual(compareTeamProjects(d, 2, "SUN", P), { winnerTeam: 1, bestSeat: 1 });
    });

    it("tie between all four seats goes to D+1", () => {
      const d = seats("7S 8S 9S", "7H 8H 9H", "7D 8D 9D", "7C 8C 9C");
      for (let dealer = 0; dealer < 4; dealer++) {
        const r = compareTeamProjects(d, dealer, "SUN", P);
        assert.equal(r.bestSeat, (dealer + 1) % 4);
        assert.equal(r.winnerTeam, (dealer + 1) % 2);
      }
    });

    it("Hokum: four Aces (Hundred) loses to a sequence Hundred, beats four Kings", () => {
      const d = [
        findProjects(hand("AS AH AD AC"), "HOKUM", P),
        findProjects(hand("KS KH KD KC"), "HOKUM", P),
        [],
        [],
      ];
      assert.deepEqual(compareTeamProjects(d, 0, "HOKUM", P), { winnerTeam: 0, bestSeat: 0 });
      d[3] = findProjects(hand("7C 8C 9C 10C JC"), "HOKUM", P);
      assert.deepEqual(compareTeamProjects(d, 0, "HOKUM", P), { winnerTeam: 1, bestSeat: 3 });
    });
  });

  it("findBalootHolder: the seat holding trump K and Q", () => {
    const hands = [hand("KS 7H"), hand("QS KH QH"), hand("KD QD"), hand("AC")];
    assert.equal(findBalootHolder(hands, 0), null); // K♠ and Q♠ split between seats 0 and 1
    assert.equal(findBalootHolder(hands, 1), 1);
    assert.equal(findBalootHolder(hands, 2), 2);
    assert.equal(findBalootHolder(hands, -1), null);
  });

  it("is fast enough for the engine benchmark", () => {
    let x = 0x9e3779b9;
    const hands: number[] = [];
    for (let i = 0; i < 2000; i++) {
      // 8 random distinct cards.
      let m = 0;
      let n = 0;
      while (n < 8) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const c = x >>> 27;
        if (!((m >>> c) & 1)) {
          m = (m | (1 << c)) >>> 0;
          n++;
        }
      }
      hands.push(m);
    }
    const t0 = performance.now();
    let count = 0;
    for (let r = 0; r < 50; r++) for (const h of hands) count += findProjects(h, r & 1 ? "SUN" : "HOKUM", P_DEFAULT).length;
    const perCall = ((performance.now() - t0) * 1000) / (50 * hands.length);
    assert.ok(count > 0);
    assert.ok(perCall < 5, `findProjects took ${perCall.toFixed(2)} µs per call`);
  });
});

const P_DEFAULT = SAUDI_DEFAULT;
