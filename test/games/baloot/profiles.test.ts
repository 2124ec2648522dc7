/** Rule profiles (§14): overrides are validated key by key; §14 spellings, deprecated aliases accepted. */
import { strict as assert } from "node:assert";
import { baloot, type BalootOptions } from "../../../src/games/baloot/index.js";
import { KAMMELNA_LIKE, SAUDI_DEFAULT } from "../../../src/games/baloot/profile.js";

const setup = (options: unknown) => baloot.setup({ seed: "p", seats: 4, options: options as BalootOptions });
function refused(options: unknown, ...parts: string[]): void {
  assert.throws(
    () => setup(options),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, "BAD_OPTIONS");
      assert.ok(!err.message.includes("\n"), "one line");
      for (const p of parts) assert.ok(err.message.includes(p), `"${err.message}" should mention ${p}`);
      return true;
    },
  );
}

describe("baloot rule profiles (§14)", () => {
  it("an unknown key is refused, naming the key and the allowed keys", () => {
    refused({ overrides: { scoring: { kabootProject: "NONE" } } }, "scoring.kabootProject", "kabootProjects");
    refused({ overrides: { biding: {} } }, '"biding"', "bidding");
  });

  it("an unknown value is refused, naming the key and the allowed values", () => {
    refused({ overrides: { scoring: { kabootProjects: "ALL" } } }, "scoring.kabootProjects", '"OWN" | "ALL_TO_KABOOT_TEAM" | "NONE"');
    refused({ overrides: { play: { partnerExemption: "any" } } }, "play.partnerExemption", '"SAUDI_STRICT" | "ANY"');
    refused({ overrides: { bidding: { hokumFinalChoice: "yes" } } }, "bidding.hokumFinalChoice", "true | false");
    refused({ overrides: { bidding: { ashkalSeats: ["DEALER", "DEALER_RIGHT"] } } }, "bidding.ashkalSeats", "DEALER_LEFT");
    refused({ overrides: { doubling: { closed: { FOUR: "MAYBE" } } } }, "doubling.closed.FOUR");
    refused({ overrides: { doubling: { projectMultiplier: { 3: 7 } } } }, "doubling.projectMultiplier.3", "1..4");
    refused({ overrides: { deal: { firstPackets: [4, 2] } } }, "deal.firstPackets", "summing to 5");
    refused({ targetScore: 0 }, "targetScore");
    refused({ profile: "HOUSE_RULES" }, "HOUSE_RULES", "SAUDI_DEFAULT | KAMMELNA_LIKE");
    refused({ overrides: [] }, "overrides");
  });

  it("a full profile object must be complete and valid", () => {
    const { scoring: _dropped, ...partial } = SAUDI_DEFAULT;
    refused({ profile: partial }, "scoring", "missing");
    refused({ profile: { ...SAUDI_DEFAULT, kawesh: "ON" } }, "kawesh", '"OFF"');
    assert.equal(setup({ profile: KAMMELNA_LIKE }).profile.name, "KAMMELNA_LIKE");
  });

  it('§14 spelling: scoring.tie "BUYER_LOSES"; the old "HOKUM_BUYER_LOSES" is a deprecated alias for it', () => {
    assert.equal(setup({ overrides: { scoring: { tie: "BUYER_LOSES" } } }).profile.scoring.tie, "BUYER_LOSES");
    assert.equal(setup({ overrides: { scoring: { tie: "HOKUM_BUYER_LOSES" } } }).profile.scoring.tie, "BUYER_LOSES");
    assert.equal(KAMMELNA_LIKE.scoring.tie, "BUYER_LOSES");
  });

  it("a valid override changes exactly that flag; nested groups merge at every depth", () => {
    const p = setup({ overrides: { doubling: { closed: { FOUR: "OPEN" } }, scoring: { kabootProjects: "NONE" } } }).profile;
    assert.equal(p.scoring.kabootProjects, "NONE");
    assert.deepEqual(p.doubling.closed, { ...SAUDI_DEFAULT.doubling.closed, FOUR: "OPEN" });
    assert.equal(p.scoring.tie, "SPLIT");
  });

  it("a refused setup leaves nothing behind (the next valid setup plays the default)", () => {
    refused({ overrides: { scoring: { tie: "COIN_TOSS" } } }, "scoring.tie");
    assert.equal(setup({}).profile.scoring.tie, "SPLIT");
  });
});
