// The engine against the RC11 enumerator (rc11_enumerator.hpp) on random
// small litmus programs: the outcomes its exhaustive search observes must
// be exactly those of the RC11-consistent executions. A quarter of the
// programs use relaxed, acquire, release and acq_rel accesses, a quarter
// seq_cst accesses only, half mix seq_cst accesses with weaker ones (where
// RC11's psc differs from treating seq_cst accesses as fenced); all with
// fences of every order. Fixed seed and count.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
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

/// Which orders a random program draws from.
enum class Mix {
  weak,    ///< relaxed, acquire, release, acq_rel accesses; fences of every order
  all_sc,  ///< seq_cst accesses; fences of every order
  mixed,   ///< each access any order, seq_cst included: RC11's psc_base over mixed accesses
};

Program random_program(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const int draw = pick(4);
  const Mix mix = draw == 0 ? Mix::weak : draw == 1 ? Mix::all_sc : Mix::mixed;
  using M = std::memory_order;
  const M sc = M::seq_cst;
  // An access order from `weak`, or seq_cst: always (all_sc), never (weak),
  // one time in three (mixed).
  auto order = [&](std::initializer_list<M> weak) {
    if (mix == Mix::all_sc || (mix == Mix::mixed && pick(3) == 0)) return sc;
    return weak.begin()[pick(static_cast<int>(weak.size()))];
  };
  Program p;
  p.locations = 2;
  const int threads = 2 + pick(2);
  int total = 0, value = 0;
  for (int t = 0; t < threads; ++t) {
    auto& body = p.threads.emplace_back();
    const int len = 1 + pick(threads == 2 ? 3 : 2);
    for (int k = 0; k < len && total < 6; ++k, ++total) {
      const int loc = pick(2);
      const int kind = pick(10);
      if (kind < 4) {
        body.push_back(ld(loc, order({M::relaxed, M::acquire})));
      } else if (kind < 7) {
        body.push_back(st(loc, ++value, order({M::relaxed, M::release})));
      } else if (kind < 9) {
        body.push_back(add(loc, 1, order({M::relaxed, M::acquire, M::release, M::acq_rel})));
      } else {
        const M o[] = {M::acquire, M::release, M::acq_rel, M::seq_cst};
        body.push_back(fence(o[pick(4)]));
      }
    }
  }
  return p;
}

/// The number of programs: 2000 in CI; RC11_DIFFERENTIAL_PROGRAMS sets
/// another (a longer local run), with the same seed.
int program_count() {
  const char* n = std::getenv("RC11_DIFFERENTIAL_PROGRAMS");
  return n ? std::atoi(n) : 2000;
}

TEST(Rc11Differential, RandomProgramsMatchTheEnumerator) {
  std::mt19937 rng(20240612);
  int mismatches = 0;
  const int count = program_count();
  ASSERT_GT(count, 0);
  for (int i = 0; i < count; ++i) {
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
