// The stable spellings of the public enums (JSON, CLI, model names).
#include <array>
#include <string_view>
#include <utility>

#include "interleave/options.hpp"
#include "interleave/result.hpp"

namespace interleave {
namespace {

constexpr std::array<std::pair<ViolationKind, std::string_view>, kViolationKindCount> kKinds{{
    {ViolationKind::assertion, "assertion"},
    {ViolationKind::invariant, "invariant"},
    {ViolationKind::deadlock, "deadlock"},
    {ViolationKind::data_race, "data_race"},
    {ViolationKind::uninitialized_read, "uninitialized_read"},
    {ViolationKind::unlock_not_owner, "unlock_not_owner"},
    {ViolationKind::self_deadlock, "self_deadlock"},
    {ViolationKind::thread_not_joined, "thread_not_joined"},
    {ViolationKind::misuse, "misuse"},
    {ViolationKind::exception, "exception"},
    {ViolationKind::non_termination, "non_termination"},
    {ViolationKind::livelock, "livelock"},
    {ViolationKind::starvation, "starvation"},
    {ViolationKind::stack_overflow, "stack_overflow"},
    {ViolationKind::linearizability, "linearizability"},
    {ViolationKind::crash, "crash"},
}};

/// True when `kinds` names every kind, in the enum's order: a kind added to
/// the enum but not here leaves an entry without a name.
constexpr bool names_every_kind_in_order(const decltype(kKinds)& kinds) {
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i].first != static_cast<ViolationKind>(i) || kinds[i].second.empty()) return false;
  return true;
}
static_assert(names_every_kind_in_order(kKinds), "kKinds must name every ViolationKind once, in order");

constexpr std::array<std::pair<Strategy, std::string_view>, 4> kStrategies{{
    {Strategy::dfs, "dfs"},
    {Strategy::dpor, "dpor"},
    {Strategy::random, "random"},
    {Strategy::pct, "pct"},
}};

template <class Table, class E>
std::string_view name_of(const Table& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "?";
}

template <class Table, class E>
bool parse(const Table& table, std::string_view text, E& out) {
  for (const auto& [e, name] : table)
    if (name == text) {
      out = e;
      return true;
    }
  return false;
}

}  // namespace

std::string_view to_string(ViolationKind kind) { return name_of(kKinds, kind); }
bool parse_violation_kind(std::string_view text, ViolationKind& out) { return parse(kKinds, text, out); }
std::string_view to_string(Strategy strategy) { return name_of(kStrategies, strategy); }
bool parse_strategy(std::string_view text, Strategy& out) { return parse(kStrategies, text, out); }

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::holds: return "holds";
    case Verdict::violated: return "violated";
    case Verdict::bound_reached: return "bound_reached";
    case Verdict::error: return "error";
  }
  return "?";
}

}  // namespace interleave
