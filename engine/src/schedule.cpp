#include "schedule.hpp"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace interleave::engine {

namespace {
constexpr std::string_view kVersion = "1:";

std::string step(const Choice& c) {
  if (c.alt == Alt::choice) return fmt::format("{}c{}", c.thread, c.pick);  // the value a choose step took
  return std::to_string(c.thread) +
         (c.alt == Alt::spurious  ? "s"
          : c.alt == Alt::timeout ? "t"
                                  : "") +
         (c.pick ? fmt::format("r{}", c.pick) : "");
}
}  // namespace

std::string encode_schedule(const std::vector<Choice>& choices) {
  std::string out(kVersion);
  for (std::size_t i = 0; i < choices.size();) {
    std::size_t run = 1;
    while (i + run < choices.size() && choices[i + run] == choices[i]) ++run;
    if (i > 0) out += ',';
    out += step(choices[i]);
    if (run > 1) out += fmt::format("*{}", run);
    i += run;
  }
  return out;
}

std::vector<Choice> decode_schedule(std::string_view text, std::size_t max_steps) {
  if (text.substr(0, kVersion.size()) != kVersion)
    throw std::invalid_argument(fmt::format("bad schedule \"{}\": it must start with \"{}\"", text, kVersion));
  text.remove_prefix(kVersion.size());
  std::vector<Choice> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view token = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    auto bad = [&] { return std::invalid_argument(fmt::format("bad schedule step \"{}\"", token)); };
    Choice c;
    const char* p = token.data();
    const char* end = token.data() + token.size();
    auto [after_thread, ec] = std::from_chars(p, end, c.thread);
    if (ec != std::errc{} || c.thread < 0) throw bad();
    p = after_thread;
    if (p < end && (*p == 's' || *p == 't')) {
      c.alt = *p == 's' ? Alt::spurious : Alt::timeout;
      ++p;
    }
    if (p < end && (*p == 'r' || *p == 'c')) {  // a weak-memory branch, or the value of a choice (Choice::pick)
      if (*p == 'c') {
        if (c.alt != Alt::normal) throw bad();
        c.alt = Alt::choice;
      }
      auto [after_pick, ec3] = std::from_chars(p + 1, end, c.pick);
      if (ec3 != std::errc{} || c.pick == 0) throw bad();
      p = after_pick;
    }
    std::size_t repeat = 1;
    if (p < end && *p == '*') {
      auto [after_count, ec2] = std::from_chars(p + 1, end, repeat);
      if (ec2 != std::errc{} || repeat == 0) throw bad();
      p = after_count;
    }
    if (p != end) throw bad();
    if (repeat > max_steps - out.size())
      throw std::invalid_argument(fmt::format(
          "the schedule is longer than the step bound of {} steps: no execution takes that many", max_steps));
    out.insert(out.end(), repeat, c);
  }
  return out;
}

}  // namespace interleave::engine
