import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchChromium, newPlayer, playOnce, seq, startVsBots, waitForTurn, useWebServer } from "./browser.js";

declare const localStorage: { getItem(key: string): string | null };
const storedToken = () => (JSON.parse(localStorage.getItem("diwan.session") ?? "{}") as { accessToken?: string }).accessToken ?? "";

/** Sign-in flows, token refresh, resume, leaderboard and profiles, in Chromium. */
describe("web client: accounts, resume, leaderboard and profiles in Chromium", function () {
  this.timeout(120_000);
  // Short access tokens: the page must refresh them (it refreshes halfway through a short lifetime).
  const server = useWebServer({ ACCESS_TOKEN_TTL_S: "30" });
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("upgrades a guest, logs out and back in, shows league points after a match, the profile, and refreshes the access token", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Guesty" });
    try {
      assert.ok(await page.locator("[data-testid=ranked]").isDisabled(), "guests cannot play ranked");
      await page.click("[data-testid=account-link]");
      await page.getByText("guest", { exact: true }).waitFor();
      const email = `web-${Date.now()}@example.com`;
      await page.getByLabel("First name").fill("Layla");
      await page.getByLabel("Last name").fill("Saud");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill("correct-horse-battery");
      await page.getByRole("button", { name: "Keep this guest account" }).click();
      await page.getByText("guest", { exact: true }).waitFor({ state: "detached" });

      // The session survives a reload; with 30 s tokens the reload refreshes the token first.
      const before = await page.evaluate(storedToken);
      await page.reload();
      await page.waitForFunction((old) => {
        const token = (JSON.parse(localStorage.getItem("diwan.session") ?? "{}") as { accessToken?: string }).accessToken ?? "";
        return token !== "" && token !== old;
      }, before);

      await page.click("[data-testid=logout]");
      await page.waitForSelector("[data-testid=guest]");
      await page.locator("form").nth(1).getByLabel("E-mail").fill(email);
      await page.locator("form").nth(1).getByLabel("Password").fill("correct-horse-battery");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForSelector("[data-testid=ranked]:not([disabled])");

      // A registered player's casual match ends saying it moves no league points (only ranked matches do).
      await startVsBots(page, 16);
      let guard = 0;
      while (await waitForTurn(page)) {
        await playOnce(page);
        assert.ok(++guard < 400, "the match ends");
      }
      assert.match(await page.locator("[data-testid=points-unrated]").innerText(), /^No league points: only ranked matches/);

      // The profile page of the signed-in player.
      await page.click("[data-testid=account-link]");
      await page.click("[data-testid=my-profile]");
      await page.waitForSelector("[data-testid=profile]");
      assert.match(await page.locator("[data-testid=profile] h2").innerText(), /Layla/);
      await page.locator("[data-testid=profile] tr").filter({ hasText: "Games" }).filter({ hasText: "1" }).waitFor();

      // The token refreshes by itself before it expires (halfway through its 30 s life).
      const current = await page.evaluate(storedToken);
      await page.waitForFunction(
        (old) => ((JSON.parse(localStorage.getItem("diwan.session") ?? "{}") as { accessToken?: string }).accessToken ?? "") !== old,
        current,
        { timeout: 25_000 },
      );

      await page.click("text=Leaderboard");
      await page.waitForSelector("[data-testid=leaderboard]");
      // Rows link to the players' profiles (the leaderboard rows carry userId).
      const first = page.locator("[data-testid=leaderboard] tbody a").filter({ hasText: /\S/ }).first();
      const listedName = await first.innerText();
      await first.click();
      await page.waitForSelector("[data-testid=profile]");
      assert.ok((await page.locator("[data-testid=profile] h2").innerText()).includes(listedName));
    } finally {
      await context.close();
    }
  });

  it("offers to resume a table from the lobby (/games/me/active) and comes back to the same seat", async () => {
    const { context, page } = await newPlayer(browser, server().url, { name: "Resumer" });
    try {
      const roomId = await startVsBots(page, 152);
      // Leave on our turn: the bots then wait for us (our clock runs, TURN_TIMEOUT_S), so the hand and
      // the state are still the same when we come back. On a bot's turn they rightly play on while we
      // are in the lobby (docs/PROTOCOL.md §5–6): a hand read right after the deal could be stale.
      assert.ok(await waitForTurn(page), "the match is on");
      const hand = await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card")));
      const seqBefore = await seq(page);
      assert.ok(hand.length > 0, "holding cards");
      await page.click("header >> text=Lobby");
      await page.click("[data-testid=resume]");
      await page.waitForURL(`**/play/table/${roomId}`);
      await page.waitForSelector(".baloot");
      await page.waitForSelector("[data-testid=reconnecting]", { state: "detached" });
      assert.deepEqual(await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card"))), hand);
      assert.equal(await seq(page), seqBefore, "same state: nothing moved while we were in the lobby");
      assert.equal(await page.locator("[data-testid=turn]").innerText(), "Your turn");

      // A second tab of the same account (no saved reconnection token there) takes the seat back by joinById.
      const tab = await context.newPage();
      await tab.goto("/play");
      await tab.click("[data-testid=resume]");
      await tab.waitForSelector(".baloot");
      await tab.waitForSelector("[data-testid=reconnecting]", { state: "detached" });
      assert.deepEqual(await tab.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card"))), hand);
      // The first tab lets go (no tug of war over the seat) and says why.
      await page.waitForSelector("[data-testid=failed]");
      assert.match(await page.locator("[data-testid=failed]").innerText(), /replaced by a new connection/);
      await page.waitForTimeout(1_500);
      assert.equal(await tab.locator("[data-testid=failed], [data-testid=reconnecting]").count(), 0, "the second tab keeps the seat");
    } finally {
      await context.close();
    }
  });
});
