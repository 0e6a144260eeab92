// Opens an interleave HTML report in Debian's headless Chromium and checks
// that a reader can step through it:
//   - the page loads with no console error and makes no network request;
//   - the violating step is highlighted;
//   - "Next" and the right-arrow key move the highlighted (current) step on,
//     the left-arrow key moves it back, "Violating step" jumps to it;
//   - a linearizability history is drawn as interval bars, one track per
//     thread, bars in time order, the offending calls highlighted;
//   - a screenshot is saved (kept by CI as an artifact).
// Then, on each gallery page given (real reports written by the CLI), at
// desktop width and at 600 px:
//   - the state panel lists the model's objects and changes when stepping;
//   - both accesses of a data race are marked;
//   - the SVG sequence diagram has a lane per thread and a mark per step;
//   - the page does not scroll sideways, no code overflows its card, the
//     trace's columns do not overlap, and no console error is logged;
//   - a screenshot of each is saved in OUT_DIR.
// Usage: node report_browser_test.mjs OUT_DIR FIXTURE.html [GALLERY.html ...]
// It fails, never skips, when Chromium is missing.
import { existsSync, mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.INTERLEAVE_CHROMIUM || "/usr/bin/chromium";
const [outDir, report, ...galleryPages] = process.argv.slice(2);

function check(ok, what) {
  if (!ok) throw new Error("FAILED: " + what);
  console.log("ok - " + what);
}

async function main() {
  if (!outDir || !report) throw new Error("usage: report_browser_test.mjs OUT_DIR FIXTURE.html [GALLERY.html ...]");
  mkdirSync(outDir, { recursive: true });
  const screenshot = join(outDir, "report_browser.png");
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
    await page.close();

    for (const gallery of galleryPages)
      for (const width of [1200, 600]) await checkGalleryPage(browser, gallery, width);
  } finally {
    await browser.close();
  }
}

// The state panel's rows as "object|state|changed" strings.
async function stateRows(section) {
  return section.locator(".state-panel tbody tr").evaluateAll((rows) =>
    rows.map((r) => r.querySelector("th").textContent + "|" + r.querySelector("td").textContent + "|" +
                     r.classList.contains("changed")));
}

async function checkGalleryPage(browser, gallery, width) {
  const name = basename(gallery, ".html");
  const what = (text) => `${name} at ${width} px: ${text}`;
  if (!existsSync(gallery)) throw new Error(`gallery page not found: ${gallery}`);
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(pathToFileURL(resolve(gallery)).href, { waitUntil: "load" });
    const section = page.locator("section.violation").first();
    const steps = await section.locator("tr.step").count();
    const failing = await section.getAttribute("data-failing");

    // The state panel follows the selected step.
    const panel = section.locator(".state-panel");
    check(await panel.isVisible(), what("the state panel is shown"));
    const states = [];
    for (let i = 0; i < steps; ++i) {
      if (i > 0) await section.locator("button.next").click();
      check(await panel.locator(".sp-step").textContent() ===
            await section.locator("tr.step.current").getAttribute("data-step"),
            what(`the state panel names the selected step ${i}`));
      states.push((await stateRows(section)).join("\n"));
    }
    check(states.some((s) => s.length > 0), what("the state panel lists model objects"));
    check(new Set(states).size > 1, what("the state panel changes as the steps go by"));
    const changedSomewhere = states.some((s, i) => i > 0 && s !== states[i - 1] && s.includes("|true"));
    check(changedSomewhere, what("a step that changes the state highlights what it changed"));
    await section.locator("button.to-failing").click();
    check(await panel.locator(".sp-step").textContent() === failing, what("the state panel follows the violating step"));

    // Both accesses of a race are marked.
    const kind = await section.locator("h2 code").textContent();
    if (kind === "data_race") {
      check(await section.locator("tr.step.violating").count() === 2, what("both racing accesses are marked"));
      check(await section.locator("tr.step.racing-first").count() === 1, what("the first racing access is marked apart"));
    } else {
      check(await section.locator("tr.step.violating").count() === 1, what("the violating step is marked"));
    }

    // The sequence diagram: a lane per thread, a mark per step, clicking a mark selects it.
    const svg = section.locator("svg.sequence");
    check(await svg.count() === 1, what("the sequence diagram is an inline SVG"));
    check(await svg.locator("line.lane").count() === await section.locator("table.lanes thead th").count() - 1,
          what("the diagram has one lane per thread column"));
    check(await svg.locator("g.mark").count() === steps, what("the diagram has one mark per step"));
    const box = await svg.boundingBox();
    check(box && box.width > 100 && box.height > 50, what("the diagram is visible"));
    await svg.locator("g.mark").nth(1).locator("circle").click();
    check(await section.locator("tr.step.current").getAttribute("data-step") === "1",
          what("clicking a mark in the diagram selects its step"));
    check(await svg.locator("g.mark.current").getAttribute("data-step") === "1", what("the diagram marks the current step"));

    // Layout: nothing scrolls sideways, code stays in its card, columns stay apart.
    const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    check(overflow[0] <= overflow[1], what(`no horizontal scroll (scrollWidth ${overflow[0]}, clientWidth ${overflow[1]})`));
    const spilled = await page.evaluate(() => Array.from(document.querySelectorAll(".cell, .cell pre, .current-step, .state-panel, code"))
      .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== "inline").length);
    check(spilled === 0, what(`no code overflows its card (${spilled} do)`));
    const overlaps = await page.evaluate(() => {
      let n = 0;
      for (const row of document.querySelectorAll("table.lanes tr.step")) {
        const cells = Array.from(row.querySelectorAll("td")).map((td) => td.getBoundingClientRect());
        for (let i = 1; i < cells.length; ++i) if (cells[i].left < cells[i - 1].right - 0.5) ++n;
        for (const cell of row.querySelectorAll(".cell")) {
          const c = cell.getBoundingClientRect(), td = cell.parentElement.getBoundingClientRect();
          if (c.right > td.right + 0.5 || c.left < td.left - 0.5) ++n;
        }
      }
      return n;
    });
    check(overlaps === 0, what(`the trace's columns do not overlap (${overlaps} overlaps)`));

    const shot = join(outDir, `${name}-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log("screenshot: " + shot);
    check(errors.length === 0, what("no console error" + (errors.length ? ": " + errors.join(" | ") : "")));
  } finally {
    await page.close();
  }
}

main().then(
  () => console.log("browser test passed"),
  (e) => { console.error(e.message || e); process.exit(1); },
);
