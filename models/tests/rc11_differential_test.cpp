// The engine against the RC11 enumerator (rc11_enumerator.hpp) on random
// small litmus programs: the outcomes its exhaustive search observes must
// be exactly those of the RC11-consistent executions. The programs are the
// fragment the memory model claims exact (memory_model.hpp): relaxed,
// acquire, release and acq_rel accesses with fences of every order; or
// seq_cst accesses only. Fixed seed and count, a few seconds.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <random>

#include "models/tests/litmus_outcomes.hpp"
#include "models/tests/rc11_enumerator.hpp"

namespace interleave::litmus {
namespace {

std::string show(const Program& p) {
  std::string s;
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    s += fmt::format("T{}:", t);
    for (const Instr& i : p.threads[t])
      s += fmt::format(" {}(x{},{},o{})", static_cast<int>(i.kind), i.loc, i.value, static_cast<int>(i.order));
    s += "\n";
  }
  return s;
}

Program random_program(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const bool all_sc = pick(4) == 0;
  Program p;
  p.locations = 2;
  const int threads = 2 + pick(2);
  int total = 0, value = 0;
  for (int t = 0; t < threads; ++t) {
    auto& body = p.threads.emplace_back();
    const int len = 1 + pick(threads == 2 ? 3 : 2);
    for (int k = 0; k < len && total < 6; ++k, ++total) {
      const int loc = pick(2);
      const int kind = pick(all_sc ? 9 : 10);
      using M = std::memory_order;
      const M sc = M::seq_cst;
      if (kind < 4) {
        const M o[] = {M::relaxed, M::acquire};
        body.push_back(ld(loc, all_sc ? sc : o[pick(2)]));
      } else if (kind < 7) {
        const M o[] = {M::relaxed, M::release};
        body.push_back(st(loc, ++value, all_sc ? sc : o[pick(2)]));
      } else if (kind < 9) {
        const M o[] = {M::relaxed, M::acquire, M::release, M::acq_rel};
        body.push_back(add(loc, 1, all_sc ? sc : o[pick(4)]));
      } else {
        const M o[] = {M::acquire, M::release, M::acq_rel, M::seq_cst};
        body.push_back(fence(o[pick(4)]));
      }
    }
  }
  return p;
}

TEST(Rc11Differential, RandomProgramsMatchTheEnumerator) {
  std::mt19937 rng(20240612);
  int mismatches = 0;
  for (int i = 0; i < 1000; ++i) {
    const Program p = random_program(rng);
    const std::set<Outcome> expected = rc11_outcomes(p);
    const std::set<Outcome> seen = observed_outcomes(p);
    if (seen != expected && ++mismatches <= 3)
      ADD_FAILURE() << "program " << i << ":\n"
                    << show(p) << fmt::format("RC11 allows {}\nthe engine saw {}", expected, seen);
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace interleave::litmus
