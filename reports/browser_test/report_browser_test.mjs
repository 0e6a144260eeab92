// Opens an interleave HTML report in Debian's headless Chromium and checks
// that a reader can step through it:
//   - the page loads with no console error and makes no network request;
//   - the violating step is highlighted;
//   - "Next" and the right-arrow key move the highlighted (current) step on,
//     the left-arrow key moves it back, "Violating step" jumps to it;
//   - a linearizability history is drawn as interval bars, one track per
//     thread, bars in time order, the offending calls highlighted;
//   - a screenshot is saved (kept by CI as an artifact).
// Usage: node report_browser_test.mjs REPORT.html SCREENSHOT.png
// It fails, never skips, when Chromium is missing.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.INTERLEAVE_CHROMIUM || "/usr/bin/chromium";
const [report, screenshot] = process.argv.slice(2);

function check(ok, what) {
  if (!ok) throw new Error("FAILED: " + what);
  console.log("ok - " + what);
}

async function main() {
  if (!report || !screenshot) throw new Error("usage: report_browser_test.mjs REPORT.html SCREENSHOT.png");
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  if (!existsSync(report)) throw new Error(`report not found: ${report}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    const requests = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });

    await page.goto(pathToFileURL(resolve(report)).href, { waitUntil: "load" });
    const section = page.locator("section.violation").first();
    const current = () => section.locator("tr.step.current").getAttribute("data-step");

    check(await section.locator("tr.step.violating").count() === 1, "exactly one violating step is highlighted");
    const failing = await section.getAttribute("data-failing");
    check(await section.locator("tr.step.violating").getAttribute("data-step") === failing,
          "the highlighted violating step is the one the result names");
    const steps = await section.locator("tr.step").count();
    check(steps >= 3, `the trace has several steps (${steps})`);
    check(await current() === "0", "the first step is current at load");

    await section.locator("button.next").click();
    check(await current() === "1", "Next moves the highlighted step from 0 to 1");
    await page.keyboard.press("ArrowRight");
    check(await current() === "2", "the right-arrow key moves it on to 2");
    await page.keyboard.press("ArrowLeft");
    check(await current() === "1", "the left-arrow key moves it back to 1");
    await section.locator("button.prev").click();
    check(await current() === "0", "Previous moves it back to 0");
    check(await section.locator("button.prev").isDisabled(), "Previous is disabled on the first step");

    await section.locator("button.to-failing").click();
    check(await current() === failing, "Violating step jumps to the violating step");
    const title = await section.locator(".current-step .cs-title").textContent();
    check(title.includes("violating"), "the step panel says it is the violating step");
    check((await section.locator(".current-step .cs-where").textContent()).includes(":"),
          "the step panel shows the step's file:line");
    const schedule = await section.locator(".schedule-text").textContent();
    check(schedule.length > 0 && await section.locator("button.copy").count() === 1,
          "the schedule string is shown with a copy button");
    await section.locator("button.copy").click();

    const history = page.locator(".history").first();
    check(await history.locator(".h-row").count() === 2, "the history has one track per thread");
    const bars = history.locator(".h-call");
    check(await bars.count() === 4, "the history has one bar per call");
    const boxes = [];
    for (let i = 0; i < 4; ++i) {
      const bar = bars.nth(i);
      boxes.push({ box: await bar.boundingBox(), invoked: Number(await bar.getAttribute("data-invoked")),
                   returned: Number(await bar.getAttribute("data-returned")),
                   offending: (await bar.getAttribute("class")).includes("offending"),
                   colour: await bar.evaluate((e) => getComputedStyle(e).backgroundColor) });
    }
    check(boxes.every((b) => b.box && b.box.width > 4 && b.box.height > 4), "every bar is visible");
    const sorted = [...boxes].sort((a, b) => a.invoked - b.invoked);
    check(sorted.every((b, i) => i === 0 || b.box.x > sorted[i - 1].box.x),
          "bars start left to right in invocation order");
    const returned = boxes.filter((b) => b.returned > 0);
    check(returned.every((a) => returned.every((b) => a.returned >= b.invoked || a.box.x + a.box.width <= b.box.x + 1)),
          "a call that returned before another began ends left of it");
    const offending = boxes.filter((b) => b.offending), plain = boxes.filter((b) => !b.offending);
    check(offending.length === 2 && offending.every((o) => plain.every((p) => o.colour !== p.colour)),
          "the offending calls are highlighted in their own colour");

    await page.screenshot({ path: screenshot, fullPage: true });
    console.log("screenshot: " + screenshot);
    check(errors.length === 0, "no console error" + (errors.length ? ": " + errors.join(" | ") : ""));
    check(requests.length === 0, "no network request" + (requests.length ? ": " + requests.join(" ") : ""));
  } finally {
    await browser.close();
  }
}

main().then(
  () => console.log("browser test passed"),
  (e) => { console.error(e.message || e); process.exit(1); },
);
