import assert from "node:assert/strict";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { artifactsDir, DESKTOP, launchChromium, newPlayer, PHONE, seq, startVsBots, waitForTurn, useWebServer } from "./browser.js";

/** The page's window, for functions evaluated in the browser (the test tsconfig has no DOM lib). */
declare const document: { documentElement: { dir: string; lang: string; scrollWidth: number } };
declare function getComputedStyle(element: unknown): { direction: string };

/** Issue 11 scenario 5: Arabic right-to-left by the browser's language, screenshots, phone layout, keyboard. */
describe("web client: Arabic, phone layout and keyboard in Chromium", function () {
  this.timeout(120_000);
  const server = useWebServer();
  let browser: Browser;

  before(async function () {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it("renders the table right-to-left in Arabic for an Arabic browser, on desktop and phone (screenshots kept)", async () => {
    const { context, page } = await newPlayer(browser, server().url, { locale: "ar-SA", viewport: DESKTOP });
    try {
      assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["ar", "rtl"]);
      await page.getByRole("button", { name: "العب ضد الكمبيوتر" }).first().waitFor();
      await startVsBots(page, 152);
      await waitForTurn(page);
      // Saudi Baloot words on the table (a bid or the phase: الشراء / اللعب / الدبل), Arabic everywhere.
      await page.getByText(/الشراء|اللعب|الدبل/).first().waitFor();
      await page.getByText("دورك").waitFor();
      const dir = await page.locator(".baloot .info").evaluate((el) => getComputedStyle(el).direction);
      assert.equal(dir, "rtl");
      const dir2 = await page.locator(".seatbar").evaluate((el) => getComputedStyle(el).direction);
      assert.equal(dir2, "rtl");

      const folder = artifactsDir();
      await page.screenshot({ path: join(folder, "table-ar-desktop.png"), fullPage: true });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: join(folder, "table-ar-phone.png"), fullPage: true });

      // Phone: nothing wider than the screen, cards big enough to tap.
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width);
      const box = await page.locator(".hand-card").first().boundingBox();
      assert.ok(box && box.width >= 40 && box.height >= 40, `tap target ${box?.width}×${box?.height}`);

      // Switching language flips the page back to left-to-right without losing the table.
      await page.click("[data-testid=lang]");
      assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["en", "ltr"]);
      await page.getByText("Your turn").waitFor();
      await page.setViewportSize(DESKTOP);
      await page.screenshot({ path: join(folder, "table-en-desktop.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("plays with the keyboard: digits play the n-th card, calls are focusable buttons with spoken labels", async () => {
    const { context, page } = await newPlayer(browser, server().url, { locale: "en-GB" });
    try {
      await startVsBots(page, 152);
      let playedByKey = false;
      for (let i = 0; i < 20 && !playedByKey; i++) {
        await waitForTurn(page);
        const cards = page.locator(".hand-card");
        const enabled = await cards.evaluateAll((els) => els.map((e) => !(e as unknown as { disabled: boolean }).disabled));
        const before = await seq(page);
        if (enabled.some(Boolean)) {
          const n = enabled.indexOf(true) + 1;
          const label = await cards.nth(n - 1).getAttribute("aria-label");
          assert.match(label ?? "", /^Play (7|8|9|10|Jack|Queen|King|Ace) of (Spades|Hearts|Diamonds|Clubs)/);
          await page.keyboard.press(String(n));
          playedByKey = true;
        } else {
          const call = page.locator(".calls .call").first();
          await call.focus();
          await page.keyboard.press("Enter");
        }
        await page.waitForSelector(`[data-testid=table]:not([data-seq="${before}"])`);
      }
      assert.ok(playedByKey, "a card was played from the keyboard");
    } finally {
      await context.close();
    }
  });
});
