// The gallery's two pages: the index of teaching variants grouped by
// primitive, and the summary table of every model. Self-contained HTML like
// the reports they link to.
#include <fmt/format.h>

#include <map>
#include <numeric>

#include "interleave/reports.hpp"
#include "layout.hpp"
#include "summary.hpp"

namespace interleave::reports {

namespace {

using layout::escape_xml;

constexpr const char* page_style = R"css(
body { font: 14px/1.5 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #1d1d1f; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; }
.passage { color: #555; border-left: 3px solid #aaa; padding-left: 10px; font-style: italic; }
.variant { margin: 12px 0 18px; } .variant h3 { font-size: 15px; margin: 0; }
.ok { color: #2e7d32; font-weight: 600; } .bad { color: #c62828; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; }
th { border-bottom: 2px solid #ccc; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; }
)css";

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      escape_xml(title), page_style, body);
}

std::string expected_of(const Model& m) { return m.expected ? std::string(to_string(*m.expected)) : "holds"; }

// What the checker found: the verdict and the kinds of its violations.
std::string found_of(const Result& r) {
  std::string found = layout::verdict_line(r);
  for (const auto& v : r.violations) found += fmt::format(" {}", to_string(v.kind));
  return found;
}

std::string outcome(bool as_expected) {
  return as_expected ? "<span class=\"ok\">as expected</span>" : "<span class=\"bad\">NOT as expected</span>";
}

// Links to a model's report files, or "" when none were written.
std::string report_links(const std::string& stem) {
  if (stem.empty()) return {};
  const std::string s = escape_xml(stem);
  return fmt::format(
      "<a href=\"{0}.html\">report</a> · <a href=\"{0}.txt\">text</a> · "
      "<a href=\"{0}.md\">markdown</a> · <a href=\"{0}.json\">json</a>",
      s);
}

}  // namespace

std::string render_gallery_index(const std::vector<GalleryItem>& items) {
  std::map<std::string, std::vector<const GalleryItem*>> by_primitive;
  for (const auto& item : items)
    if (item.model.expected) by_primitive[item.model.primitive].push_back(&item);
  std::string body = "<h1>interleave: the gallery of teaching variants</h1>\n";
  body += fmt::format(
      "<p>Each variant below is a known-buggy version of a primitive; the model checker must catch it with the "
      "named violation. {} variants of {} primitives. <a href=\"summary.html\">Summary of every model</a>.</p>\n",
      std::accumulate(by_primitive.begin(), by_primitive.end(), std::size_t{0},
                      [](std::size_t n, const auto& group) { return n + group.second.size(); }),
      by_primitive.size());
  for (const auto& [primitive, variants] : by_primitive) {
    body += fmt::format("<h2 id=\"{0}\">{0}</h2>\n", escape_xml(primitive));
    std::string shown_passage;
    for (const GalleryItem* item : variants) {
      const Model& m = item->model;
      if (!m.passage.empty() && m.passage != shown_passage) {
        body += "<blockquote class=\"passage\">" + escape_xml(m.passage) + "</blockquote>\n";
        shown_passage = m.passage;
      }
      body += fmt::format("<div class=\"variant\"><h3><code>{}</code></h3>\n", escape_xml(m.name));
      if (!m.flaw.empty()) body += "<p>" + escape_xml(m.flaw) + "</p>\n";
      body +=
          fmt::format("<p>Expected <code>{}</code>, found <code>{}</code>: {}. {}</p>\n", escape_xml(expected_of(m)),
                      escape_xml(found_of(item->result)), outcome(item->as_expected), report_links(item->report_stem));
      if (!m.model_only.empty())
        body += "<p class=\"real-threads\">Model only: " + escape_xml(m.model_only) + ".</p>\n";
      else if (!item->stress.empty() || !item->tsan.empty())
        body += fmt::format("<p class=\"real-threads\">On real threads: stress {}; ThreadSanitizer {}.</p>\n",
                            escape_xml(item->stress), escape_xml(item->tsan));
      body += "</div>\n";
    }
  }
  return page("interleave gallery", body);
}

std::string render_summary_page(const std::vector<GalleryItem>& items) {
  std::size_t matched = 0;
  for (const auto& item : items) matched += item.as_expected ? 1 : 0;
  std::string body = "<h1>interleave: every model</h1>\n";
  body += fmt::format("<p>{} models, {} as expected, {} not. <a href=\"index.html\">The gallery</a>.</p>\n",
                      items.size(), matched, items.size() - matched);
  body +=
      "<table><thead><tr><th>model</th><th>primitive</th><th>expected</th><th>found</th><th>outcome</th>"
      "<th>executions</th><th>seconds</th><th>report</th></tr></thead>\n<tbody>\n";
  for (const auto& item : items) {
    const Model& m = item.model;
    body += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{:.3f}</td><td>{}</td></tr>\n",
        escape_xml(m.name), escape_xml(m.primitive), escape_xml(expected_of(m)), escape_xml(found_of(item.result)),
        outcome(item.as_expected), item.result.stats.executions, item.result.stats.seconds,
        item.report_stem.empty() ? std::string()
                                 : fmt::format("<a href=\"{}.html\">report</a>", escape_xml(item.report_stem)));
  }
  body += "</tbody></table>\n";
  return page("interleave summary", body);
}

}  // namespace interleave::reports
