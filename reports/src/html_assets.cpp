// The inline stylesheet and script of the HTML report. They ship inside the
// page so it works offline and from file://; the page's Content-Security-Policy
// forbids every network load.
#include "html_assets.hpp"

namespace interleave::reports::html_assets {

const char* const style = R"css(
:root { --bad: #c62828; --bad-bg: #fdecea; --cur: #1565c0; --cur-bg: #e3f0ff; --muted: #666;
        --lane-a: #fafafa; --lane-b: #f3f5f8; --line: #d8dde3; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; }
header, section.violation { padding: 16px 24px; }
header { border-bottom: 1px solid var(--line); background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 8px; }
code, pre, .where, .schedule-text { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; color: #fff; }
.verdict-holds { background: #2e7d32; } .verdict-violated { background: var(--bad); }
.verdict-bound_reached, .verdict-error, .verdict-sampled { background: #ef6c00; }
.stats, .muted { color: var(--muted); }
.about dt { font-weight: 600; margin-top: 6px; } .about dd { margin: 2px 0 0 0; }
.message { white-space: pre-wrap; background: var(--bad-bg); border-left: 4px solid var(--bad); padding: 8px 12px; }
.schedule { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.schedule-text { background: #f1f1f1; padding: 3px 6px; border-radius: 4px; word-break: break-all; }
.controls { position: sticky; top: 0; z-index: 2; background: #fff; padding: 8px 0; display: flex;
            gap: 8px; align-items: center; border-bottom: 1px solid var(--line); }
button { font: inherit; padding: 3px 10px; border: 1px solid #aab; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: #eef; } button:disabled { opacity: .45; cursor: default; }
.current-step { margin: 8px 0; padding: 8px 12px; border: 1px solid var(--cur); background: var(--cur-bg); border-radius: 4px; }
.current-step pre { margin: 4px 0 0; white-space: pre-wrap; }
table.lanes { border-collapse: collapse; width: 100%; table-layout: fixed; margin-top: 8px; }
table.lanes th { position: sticky; top: 46px; background: #fff; text-align: left; padding: 4px 8px;
                 border-bottom: 2px solid var(--line); z-index: 1; }
table.lanes th.num, table.lanes td.num { width: 4.5em; text-align: right; color: var(--muted); }
table.lanes td { padding: 2px 8px; vertical-align: top; border-bottom: 1px solid #eee; }
table.lanes td.lane:nth-child(even) { background: var(--lane-a); }
table.lanes td.lane:nth-child(odd) { background: var(--lane-b); }
.cell { border-left: 3px solid #90a4ae; padding: 2px 6px; background: #fff; border-radius: 2px; }
.op { font-weight: 600; } .detail { color: #4a148c; }
.where { color: var(--muted); font-size: 12px; }
.src { margin: 2px 0 0; font-size: 12px; color: #333; white-space: pre-wrap; background: #f7f7f7; padding: 1px 4px; }
tr.step { cursor: pointer; }
tr.violating td { background: var(--bad-bg) !important; }
tr.race-gap td.num { border-left: 3px dotted var(--bad); }
tr.racing-first td.num::after { content: " (first access)"; color: var(--bad); font-size: 0.8em; }
tr.hook .cell { font-style: italic; opacity: 0.7; border-left-style: dashed; }
tr.violating .cell { border-left-color: var(--bad); }
tr.violating td.num::before { content: "\26A0  "; color: var(--bad); }
tr.current td { box-shadow: inset 0 2px 0 var(--cur), inset 0 -2px 0 var(--cur); }
tr.current .cell { border-left-color: var(--cur); background: var(--cur-bg); }
tr.violating.current .cell { background: #fbd5d0; }
kbd { border: 1px solid #bbb; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; font-size: 12px; }
.history { margin: 8px 0 12px; } .history h3 { font-size: 15px; margin: 0 0 4px; }
.h-row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.h-thread { width: 6em; flex: none; color: var(--muted); }
.h-track { position: relative; flex: 1; height: 26px; background: var(--lane-b); border-radius: 3px; }
.h-call { position: absolute; top: 2px; height: 22px; overflow: hidden; white-space: nowrap; font-size: 12px;
          padding: 2px 4px; background: #cfe0f5; border: 1px solid #7aa0cc; border-radius: 3px; }
.h-call.pending { border-style: dashed; background: #eef2f7; }
.state-panel { margin: 8px 0; padding: 6px 12px; border: 1px solid var(--line); border-radius: 4px; }
.state-panel h3 { font-size: 15px; margin: 0; } .state-panel p { margin: 2px 0 4px; font-size: 12px; }
table.state { border-collapse: collapse; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
              font-size: 13px; max-width: 100%; }
table.state th { text-align: left; font-weight: 600; padding: 1px 12px 1px 6px; overflow-wrap: anywhere; }
table.state td { padding: 1px 6px; overflow-wrap: anywhere; }
table.state tr.changed { background: #fff3c4; } table.state tr.changed th::before { content: "\25B6  "; color: #b26a00; }
details.diagram { margin: 8px 0; } details.diagram summary { font-weight: 600; cursor: pointer; }
details.diagram p { margin: 2px 0 4px; font-size: 12px; }
.diagram-box { max-height: 480px; overflow: auto; border: 1px solid var(--line); border-radius: 4px; }
svg.sequence { display: block; width: 100%; height: auto; font: 11px ui-monospace, Menlo, Consolas, monospace; }
svg.sequence .lane { stroke: #b0bec5; stroke-width: 1.5; }
svg.sequence .lane-name { font-weight: 600; fill: #1d1d1f; }
svg.sequence .num { fill: var(--muted); text-anchor: end; }
svg.sequence .label { fill: #37474f; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.sequence g.mark { cursor: pointer; }
svg.sequence g.mark circle { fill: #fff; stroke: #546e7a; stroke-width: 2; }
svg.sequence g.mark.hook circle { stroke-dasharray: 2 2; }
svg.sequence g.mark.violating circle { fill: var(--bad); stroke: var(--bad); }
svg.sequence g.mark.violating .label { fill: var(--bad); font-weight: 600; }
svg.sequence g.mark.current circle { stroke: var(--cur); stroke-width: 3; }
svg.sequence g.mark.current .label { fill: var(--cur); font-weight: 600; }
svg.sequence .arrow { stroke-width: 1.5; }
svg.sequence .arrow.handoff { stroke: #2e7d32; }
svg.sequence .arrow.notify { stroke: #6a1b9a; stroke-dasharray: 5 3; }
svg.sequence .head { fill: #455a64; }
.h-call.offending { background: #f8c9c3; border-color: var(--bad); font-weight: 600; }
/* Nothing may widen the page: long code, file names and values wrap inside
   their cards, and the lanes share the width they have. */
code, pre, .cell, .where, .message, .about dd, h1, h2 { overflow-wrap: anywhere; }
.cell, .current-step, .state-panel { min-width: 0; max-width: 100%; }
table.lanes td, table.lanes th { overflow-wrap: anywhere; overflow: hidden; }
.controls { flex-wrap: wrap; }
@media (max-width: 700px) {
  header, section.violation { padding: 10px 10px; }
  table.lanes th, table.lanes td { padding: 2px 3px; }
  table.lanes th.num, table.lanes td.num { width: 3em; }
  tr.racing-first td.num::after { content: " (1st)"; }
  .cell { padding: 2px 3px; font-size: 12px; }
  table.lanes th { position: static; }
}
)css";

const char* const script = R"js(
"use strict";
// Step-through of each violation's trace. Every section.violation keeps its
// own current step; the arrow keys drive the section last used (the first at
// load). The current row has class "current" and aria-current="step".
(function () {
  const sections = Array.from(document.querySelectorAll("section.violation"));
  let active = sections[0] || null;

  function rows(section) { return Array.from(section.querySelectorAll("tr.step")); }

  function show(section, index) {
    const all = rows(section);
    if (all.length === 0) return;
    index = Math.max(0, Math.min(all.length - 1, index));
    section.dataset.current = String(index);
    all.forEach((row, i) => {
      row.classList.toggle("current", i === index);
      if (i === index) row.setAttribute("aria-current", "step"); else row.removeAttribute("aria-current");
    });
    const row = all[index];
    const panel = section.querySelector(".current-step");
    if (panel) {
      panel.querySelector(".cs-title").textContent =
        "Step " + row.dataset.step + " of " + (all.length - 1) + " \u2014 thread " + row.dataset.thread +
        (row.classList.contains("violating") ? "  (the violating step)" : "");
      panel.querySelector(".cs-action").textContent = row.dataset.action;
      panel.querySelector(".cs-where").textContent = row.dataset.where || "";
      const source = row.querySelector(".src");
      panel.querySelector(".cs-src").textContent = source ? source.textContent : "";
    }
    showState(section, index, row.dataset.step);
    section.querySelectorAll("svg.sequence g.mark").forEach((mark) => {
      mark.classList.toggle("current", mark.dataset.step === row.dataset.step);
    });
    section.querySelector("button.prev").disabled = index === 0;
    section.querySelector("button.next").disabled = index === all.length - 1;
    section.querySelector(".position").textContent = "step " + index + " / " + (all.length - 1);
    row.scrollIntoView({ block: "nearest" });
  }

  // The state panel: every model object after the step, changed ones marked.
  const states = new Map();
  function statesOf(section) {
    if (!states.has(section)) {
      const data = section.querySelector("script.states");
      states.set(section, data ? JSON.parse(data.textContent) : []);
    }
    return states.get(section);
  }

  function showState(section, index, step) {
    const panel = section.querySelector(".state-panel");
    if (!panel) return;
    panel.querySelector(".sp-step").textContent = step;
    const body = panel.querySelector("tbody");
    body.replaceChildren();
    (statesOf(section)[index] || []).forEach(([object, state, changed]) => {
      const tr = document.createElement("tr");
      if (changed) tr.className = "changed";
      const name = document.createElement("th");
      name.textContent = object;
      const value = document.createElement("td");
      value.textContent = state;
      tr.append(name, value);
      body.append(tr);
    });
  }

  function move(section, delta) { show(section, Number(section.dataset.current || 0) + delta); }

  function copy(text, button) {
    const done = (ok) => { button.textContent = ok ? "Copied" : "Select and copy"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => done(true), () => done(fallback(text)));
    } else {
      done(fallback(text));
    }
  }

  function fallback(text) {
    const area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  sections.forEach((section) => {
    section.querySelector("button.prev").addEventListener("click", () => { active = section; move(section, -1); });
    section.querySelector("button.next").addEventListener("click", () => { active = section; move(section, 1); });
    section.querySelector("button.to-failing").addEventListener("click", () => {
      active = section; show(section, Number(section.dataset.failing));
    });
    section.querySelector("button.copy").addEventListener("click", (event) => {
      copy(section.querySelector(".schedule-text").textContent, event.currentTarget);
    });
    rows(section).forEach((row, i) => row.addEventListener("click", () => { active = section; show(section, i); }));
    section.querySelectorAll("svg.sequence g.mark").forEach((mark) => mark.addEventListener("click", () => {
      active = section;
      show(section, rows(section).findIndex((row) => row.dataset.step === mark.dataset.step));
    }));
    show(section, 0);
  });

  document.addEventListener("keydown", (event) => {
    if (!active || event.altKey || event.ctrlKey || event.metaKey) return;
    const keys = { ArrowRight: 1, ArrowDown: 1, j: 1, ArrowLeft: -1, ArrowUp: -1, k: -1 };
    if (event.key in keys) { move(active, keys[event.key]); event.preventDefault(); }
    else if (event.key === "Home") { show(active, 0); event.preventDefault(); }
    else if (event.key === "End") { show(active, rows(active).length - 1); event.preventDefault(); }
    else if (event.key === "v") { show(active, Number(active.dataset.failing)); event.preventDefault(); }
  });
})();
)js";

}  // namespace interleave::reports::html_assets
