import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchChromium, newPlayer, noRefusals, playOnce, seq, startVsBots, waitForTurn, useWebServer } from "./browser.js";

/** Issue 11 scenarios 1, 2 and 6: a vs-bots match by clicking, a reload mid-hand, the replay viewer. */
describe("web client: a vs-bots match in Chromium", function () {
  this.timeout(180_000);
  const server = useWebServer();
  let browser: Browser;
  let page: Page;

  before(async function () {
    browser = await launchChromium();
    ({ page } = await newPlayer(browser, server().url, { name: "Clicker" }));
  });
  after(async () => {
    await browser?.close();
  });

  it("serves the client at / and /play/…, assets cached by hash, index.html not cached, API 404s stay JSON", async () => {
    const base = server().url;
    const index = await fetch(`${base}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get("cache-control"), "no-cache");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, "index.html loads a hashed script");
    const js = await fetch(base + asset);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("cache-control") ?? "", /max-age=31536000.*immutable/);
    assert.equal((await fetch(`${base}/play/table/some-room`)).status, 200);
    assert.equal((await fetch(`${base}/index.html`)).headers.get("cache-control"), "no-cache");
    const api = await fetch(`${base}/matches/not-a-route/at-all`, { headers: { accept: "text/html" } });
    assert.equal(api.status, 404);
    assert.match(api.headers.get("content-type") ?? "", /json/);
    assert.equal((await fetch(`${base}/health`)).status, 200);
  });

  it("plays a reload mid-hand back into the same seat and hand, then the match to the result screen by clicking", async () => {
    const roomId = await startVsBots(page, 100);
    // A few moves, then reload in the middle of the hand.
    let moves = 0;
    while (moves < 3 && (await waitForTurn(page))) if (await playOnce(page)) moves++;
    // Reload on our turn: the bots then wait for us (our clock runs, TURN_TIMEOUT_S, and the seat is
    // held for RECONNECT_GRACE_S). On a bot's turn they would rightly play on while we are away
    // (docs/PROTOCOL.md §5–6), and a snapshot taken just after our own move would be stale.
    assert.ok(await waitForTurn(page), "the match is still on after three moves");
    const handBefore = await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card")));
    const seqBefore = await seq(page);
    assert.ok(handBefore.length > 0, "holding cards before the reload");

    await page.reload();
    await page.waitForSelector(".baloot");
    assert.equal(new URL(page.url()).pathname, `/play/table/${roomId}`);
    await page.waitForSelector("[data-testid=reconnecting]", { state: "detached" });
    const handAfter = await page.locator("[data-hand-card]").evaluateAll((els) => els.map((e) => e.getAttribute("data-hand-card")));
    assert.deepEqual(handAfter, handBefore, "same cards after the reload");
    assert.equal(await seq(page), seqBefore, "same state (it was our turn: nothing moved while we reloaded)");

    // Whose turn, with a countdown from the deadline.
    await waitForTurn(page);
    assert.match(await page.locator("[data-seat-badge='0'] .countdown").innerText(), /\d+ s/);
    assert.equal(await page.locator("[data-testid=turn]").innerText(), "Your turn");

    // Play on to the end: only enabled cards and offered calls are ever clicked; nothing is refused.
    let guard = 0;
    let sawLastTrick = false;
    while (await waitForTurn(page)) {
      const lastTrick = page.getByRole("button", { name: "Last trick" });
      if (!sawLastTrick && (await lastTrick.count())) {
        await lastTrick.click();
        assert.equal(await page.locator(".board .played [data-card]").count(), 4, "the last trick's four cards");
        await page.getByRole("button", { name: "Trick", exact: true }).click();
        sawLastTrick = true;
      }
      await playOnce(page);
      assert.deepEqual(await noRefusals(page), []);
      assert.ok(++guard < 400, "the match ends");
    }
    const result = page.locator("[data-testid=result]");
    assert.match(await result.innerText(), /won|lost/);
    await page.waitForSelector("[data-testid=box-score] tbody tr");
    assert.ok(sawLastTrick, "the last trick was shown");
    assert.match(await page.locator("[data-testid=score-sheet]").innerText(), /Score sheet · Hand \d+/);
    await page.waitForSelector("[data-testid=replay-link]");
  });

  it("steps through the match just played in the replay viewer, with the shuffle check", async () => {
    const fromResult = await page.getAttribute("[data-testid=replay-link]", "href");
    // Through my match history (newest first), to the same replay the result screen links to.
    await page.click("header >> text=My matches");
    const row = page.locator("[data-testid=history] tbody tr").first();
    assert.match(await row.innerText(), /finished/);
    assert.equal(await row.locator("a").getAttribute("href"), fromResult);
    await row.locator("a").click();
    await page.waitForSelector("[data-testid=replay]");
    await page.locator("[data-testid=verify]").filter({ hasText: /matches the revealed seed/ }).waitFor();
    const position = page.locator("[data-testid=replay-position]");
    const first = await position.innerText();
    assert.match(first, /Hand 1 · Step 1 of \d+/);

    // Card by card: a step that plays a card puts it on the table and takes it out of a hand.
    let played = false;
    for (let i = 0; i < 60 && !played; i++) {
      await page.click("[data-testid=next-step]");
      played = /Play /.test(await page.locator("[data-testid=replay-caption]").innerText());
    }
    assert.ok(played, "a card play is reached step by step");
    const cardsOnTable = await page.locator(".replay-seat .played [data-card]").count();
    assert.ok(cardsOnTable >= 1);

    // Hand by hand, to the end; the viewer can show one seat's cards only.
    const total = Number(/of (\d+)/.exec(first)?.[1]);
    while (await page.locator("[data-testid=next-hand]").isEnabled()) await page.click("[data-testid=next-hand]");
    assert.match(await position.innerText(), new RegExp(`Step ${total} of ${total}`));
    await page.waitForSelector("[data-testid=replay-over]");
    const lastHand = Number(/Hand (\d+)/.exec(await position.innerText())?.[1]);
    // A hand can end a match (a Gahwa), so only a match of several hands has a previous one.
    if (lastHand > 1) {
      await page.click("[data-testid=prev-hand]");
      assert.match(await position.innerText(), new RegExp(`^Hand ${lastHand - 1} · `));
    } else {
      assert.ok(await page.locator("[data-testid=prev-hand]").isDisabled());
    }
    await page.selectOption("[data-testid=replay-view-as]", "0");
    assert.equal(await page.locator(".replay-seat[data-seat='1'] .replay-hand [data-card]").count(), 0, "other seats hidden when viewing as seat 1");
    assert.ok((await page.locator(".replay-seat[data-seat='0'] .replay-hand [data-card]").count()) > 0);
  });
});
