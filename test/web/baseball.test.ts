import assert from "node:assert/strict";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { FrameMirror } from "./frames.js";
import { artifactsDir, launchChromium, newPlayer, noRefusals, seq, useWebServer } from "./browser.js";

/** The page's document, for functions evaluated in the browser (the test tsconfig has no DOM lib). */
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };

/** Issue 13: a vs-bot dice-baseball game played by clicking the offered decisions to the result. */
describe("web client: a vs-bot baseball game in Chromium", function () {
  this.timeout(300_000);
  const server = useWebServer();
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  /** Click one offered decision (default lineup, swing away, or the default alignment) and wait for the state to move. */
  async function decide(page: Page, choose: "swing" | "any" = "swing"): Promise<string> {
    const before = await seq(page);
    const lineup = page.locator("[data-testid=decision] .call[data-action*='lineup']");
    const swing = page.locator("[data-testid=decision] .call[data-action*='\"swing\"']");
    const defense = page.locator("[data-testid=decision] [data-testid=set-defense]");
    let kind: string;
    if (await lineup.count()) {
      kind = "lineup";
      await lineup.click();
    } else if (choose === "swing" && (await swing.count())) {
      kind = "offense";
      await swing.click();
    } else if (await defense.count()) {
      kind = "defense";
      await defense.click();
    } else {
      kind = "offense";
      await page.locator("[data-testid=decision] .call").first().click();
    }
    await page.waitForFunction(
      (prev) => Number(document.querySelector("[data-testid=table]")?.getAttribute("data-seq")) > prev || !!document.querySelector("[data-testid=notices]"),
      before,
    );
    return kind;
  }

  it("plays a 7-inning game with the mercy rule to the result: scoreboard, diamond, decisions, substitutions, play-by-play, box score", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Manager" });
    try {
      await page.selectOption("[data-testid=bb-innings]", "7");
      assert.equal(await page.isChecked("[data-testid=bb-mercy]"), true);
      await page.click("[data-testid=baseball-vs-bot]");
      await page.waitForURL(/\/play\/table\//);
      await page.waitForSelector(".baseball");
      assert.equal(await page.locator("[data-seat-badge]").count(), 2, "two managers");

      // Lineups first, then the visitors (us) bat: the panel offers offensive plays.
      assert.equal(await decide(page), "lineup");
      await page.waitForSelector("[data-testid=decision] .call[data-action*='\"swing\"']");
      assert.match(await page.locator("[data-testid=inning]").innerText(), /^Top 1 · Outs: 0$/);
      assert.ok((await page.locator("[data-testid=batter]").innerText()).length > 0, "the batter is named");

      // A substitution from the server's list: a pinch hitter for the batter due up.
      await page.click("[data-testid=subs] summary");
      const choice = page.locator("[data-testid=sub-choice] option").filter({ hasText: /^Pinch hitter / });
      const value = await choice.first().getAttribute("value");
      await page.selectOption("[data-testid=sub-choice]", value as string);
      const hitter = /^Pinch hitter (.+) for /.exec(await choice.first().innerText())?.[1] as string;
      const before = await seq(page);
      await page.click("[data-testid=make-sub]");
      await page.waitForFunction((prev) => Number(document.querySelector("[data-testid=table]")?.getAttribute("data-seq")) > prev, before);
      await page.locator("[data-testid=batter]").filter({ hasText: hitter }).waitFor();
      await page.locator("[data-testid=play-by-play] li[data-kind=sub]").filter({ hasText: hitter }).waitFor();

      // Play on: swing away when batting, the default alignment in the field, until the result screen.
      const seen = { offense: 0, defense: 0, runners: 0, pa: 0 };
      for (let moves = 0; (await page.locator("[data-testid=result]").count()) === 0; moves++) {
        assert.ok(moves < 400, "the game ends");
        await page.waitForSelector("[data-testid=decision] .call, [data-testid=result]");
        if (await page.locator("[data-testid=result]").count()) break;
        const kind = await decide(page);
        seen[kind as "offense" | "defense"]++;
        if ((await page.locator(".diamond .base.occupied").count()) > 0 && seen.runners++ === 0) {
          await page.screenshot({ path: join(artifactsDir(), "baseball-table.png"), fullPage: true });
        }
      }
      seen.pa = await page.locator("[data-testid=play-by-play] li[data-kind=pa]").count();
      assert.deepEqual(await noRefusals(page), []);
      assert.ok(seen.offense > 8 && seen.defense > 8, `decided on both sides (${JSON.stringify(seen)})`);
      assert.ok(seen.runners > 0, "runners were shown on the diamond");
      // A mercy-shortened game still has at least 7 half-innings of 3 outs each.
      assert.ok(seen.pa >= 21, `plate appearances in the play-by-play (${seen.pa})`);
      assert.ok((await page.locator("[data-testid=play-by-play] li[data-kind=half]").count()) >= 7, "half-innings in the play-by-play");

      // The result: the final score agrees with the scoreboard, the box score's linescore and the last play.
      await page.waitForSelector("[data-testid=box-score]");
      await page.screenshot({ path: join(artifactsDir(), "baseball-result.png"), fullPage: true });
      const runs: [number, number] = [Number(await page.innerText("[data-testid=runs-0]")), Number(await page.innerText("[data-testid=runs-1]"))];
      assert.deepEqual([Number(await page.innerText("[data-testid=final-0]")), Number(await page.innerText("[data-testid=final-1]"))], runs);
      const linescore = await page.locator("[data-testid=box-linescore] tbody tr").evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent ?? "")),
      );
      for (const [team, cells] of linescore.entries()) {
        const byInning = cells.slice(0, -3).filter((c) => c !== "x").reduce((sum, c) => sum + Number(c), 0);
        assert.equal(byInning, runs[team], "runs per inning add up to the total");
        assert.equal(Number(cells[cells.length - 3]), runs[team]);
      }
      const endLine = await page.locator("[data-testid=play-by-play] li[data-kind=end]").innerText();
      assert.match(endLine, new RegExp(`^${runs[0]}–${runs[1]} · (regulation|extra innings|walk-off|mercy rule)$`));
      const headline = await page.locator("[data-testid=result] h2").innerText();
      assert.equal(headline, runs[0] > runs[1] ? "Your team won" : "Your team lost");
      assert.equal(await page.locator("[data-testid=decision]").count(), 0, "no decision offered once the game is over");

      // Arabic, right to left, on a phone.
      await page.click("[data-testid=lang]");
      await page.setViewportSize({ width: 360, height: 740 });
      assert.equal(await page.getAttribute("html", "dir"), "rtl");
      assert.equal(await page.locator("[data-testid=result] h2").innerText(), runs[0] > runs[1] ? "فاز فريقك" : "خسر فريقك");
      assert.equal(await page.locator("[data-testid=play-by-play] h3").innerText(), "مجريات اللعب");
      await page.screenshot({ path: join(artifactsDir(), "baseball-result-ar-phone.png"), fullPage: true });
      await page.click("[data-testid=lang]");
      await page.setViewportSize({ width: 1280, height: 860 });

      // The replay: the same plate appearances, from the stored events.
      await page.click("[data-testid=replay-link]");
      await page.waitForSelector("[data-testid=replay] [data-testid=play-by-play] li[data-kind=end]");
      assert.equal(await page.locator("[data-testid=replay] li[data-kind=pa]").count(), seen.pa);
      assert.equal(await page.locator("[data-testid=replay] li[data-kind=end]").innerText(), endLine);
    } finally {
      await context.close();
    }
  });

  it("enters manual dice at a private table (with a bot manager) and sees the rolls resolve the plate appearance", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Dice" });
    const frames = new FrameMirror(page);
    const sent: number[][] = [];
    try {
      await page.check("[data-testid=bb-manual-dice]");
      await page.click("[data-testid=baseball-private]");
      await page.waitForSelector("[data-testid=join-code]");
      await page.click("[data-testid=fill-bots]");
      await page.click("[data-testid=start]:not([disabled])");
      await page.waitForSelector(".baseball");
      assert.equal(await decide(page), "lineup");

      // We bat first: swing, then the room asks us for each die and resolves the plate appearance.
      let entered = 0;
      while ((await page.locator("[data-testid=play-by-play] li[data-kind=pa]").count()) < 2) {
        await page.waitForSelector("[data-testid=decision] .call, [data-testid=dice-form]");
        const form = page.locator("[data-testid=dice-form]");
        if (await form.count()) {
          // Both decisions are shown while the dice are entered.
          assert.match(await page.innerText("[data-testid=revealed]"), /^Decisions: .*Swing away/);
          const inputs = form.locator("input");
          const n = await inputs.count();
          const max = Number(await inputs.first().getAttribute("max"));
          assert.ok((n === 1 && (max === 6 || max === 20)) || (n === 2 && max === 6), `one d6, one d20 or 2d6 (${n}×${max})`);
          const values = Array.from({ length: n }, (_, i) => Math.min(max, 3 + i + (entered % 3)));
          for (let i = 0; i < n; i++) await inputs.nth(i).fill(String(values[i]));
          sent.push(values);
          const before = await seq(page);
          await page.click("[data-testid=send-dice]");
          await page.waitForFunction((prev) => Number(document.querySelector("[data-testid=table]")?.getAttribute("data-seq")) > prev, before);
          entered++;
        } else {
          await decide(page);
        }
      }
      assert.ok(entered >= 4, `at least a column d6 and a row 2d6 per plate appearance (${entered} entries)`);
      // The room recorded exactly the values typed, as manual rolls, in order.
      const manual = (frames.events("roll") as unknown as { values: number[]; manual: boolean }[]).filter((r) => r.manual);
      assert.deepEqual(manual.map((r) => r.values), sent);
      assert.deepEqual(await noRefusals(page), []);
    } finally {
      await context.close();
    }
  });
});
