// JUnit XML for CI systems: one <testsuite>, one <testcase> per model. A case
// that did not come out as expected carries a <failure> (or an <error> when
// the model could not be checked) whose body is the text trace.
#include <fmt/format.h>

#include "interleave/reports.hpp"
#include "layout.hpp"
#include "summary.hpp"

namespace interleave::reports {

namespace {

using layout::escape_xml;

// "bathroom/no-capacity" -> classname "interleave.bathroom", name as given.
std::string classname(std::string_view suite, const std::string& name) {
  return fmt::format("{}.{}", suite, name.substr(0, name.find('/')));
}

// The failure's one-line message: the verdict and the kinds found.
std::string failure_message(const Result& r) {
  std::string message = std::string(to_string(r.verdict));
  for (const auto& v : r.violations) message += fmt::format(" {}", to_string(v.kind));
  if (r.violations.empty() && !r.note.empty()) message += ": " + r.note;
  return message;
}

}  // namespace

std::string render_junit(const std::vector<JunitCase>& cases, std::string_view suite) {
  std::size_t failures = 0, errors = 0;
  double seconds = 0;
  for (const auto& c : cases) {
    seconds += c.result.stats.seconds;
    if (c.passed) continue;
    (c.result.verdict == Verdict::error ? errors : failures) += 1;
  }
  std::string body;
  for (const auto& c : cases) {
    body += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3f}\">\n", escape_xml(c.name),
                        escape_xml(classname(suite, c.name)), c.result.stats.seconds);
    // Whether the search covered every schedule: a pass from a sampled search is not a proof.
    body += fmt::format("      <properties><property name=\"exhaustive\" value=\"{}\"/></properties>\n",
                        c.result.exhaustive);
    if (c.passed) {
      body += fmt::format("      <system-out>{}; {}</system-out>\n    </testcase>\n",
                          escape_xml(layout::verdict_line(c.result)), escape_xml(layout::stats_line(c.result)));
      continue;
    }
    const char* tag = c.result.verdict == Verdict::error ? "error" : "failure";
    body += fmt::format("      <{} message=\"{}\" type=\"{}\">{}</{}>\n    </testcase>\n", tag,
                        escape_xml(failure_message(c.result)), to_string(c.result.verdict),
                        escape_xml(render_text(c.result)), tag);
  }
  std::string header = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"{0}\" tests=\"{1}\" failures=\"{2}\" errors=\"{3}\" time=\"{4:.3f}\">\n"
      "  <testsuite name=\"{0}\" tests=\"{1}\" failures=\"{2}\" errors=\"{3}\" skipped=\"0\" "
      "time=\"{4:.3f}\">\n",
      escape_xml(suite), cases.size(), failures, errors, seconds);
  return header + body + "  </testsuite>\n</testsuites>\n";
}

std::string render_junit(const std::vector<std::pair<std::string, Result>>& results, std::string_view suite) {
  std::vector<JunitCase> cases;
  for (const auto& [name, result] : results) cases.push_back({name, result, result.ok()});
  return render_junit(cases, suite);
}

}  // namespace interleave::reports
