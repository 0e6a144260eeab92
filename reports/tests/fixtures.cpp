// Hand-built results for the renderer tests (see fixtures.hpp).
#include "fixtures.hpp"

namespace interleave::reports::fixtures {

namespace {
TraceEvent step(std::size_t index, int thread, std::string op, std::string object, std::string detail, int line) {
  return {
      index, thread, std::move(op), std::move(object), std::move(detail), "/src/interleave/primitives/semaphore.hpp",
      line,  0.0};
}
}  // namespace

Result violated() {
  Violation v;
  v.kind = ViolationKind::invariant;
  v.message = "invariant \"permits never negative\" is false after step 7: count is -1.";
  v.trace = {
      step(0, 0, "spawn", "thread 1", "", 12),         step(1, 0, "spawn", "thread 2", "", 13),
      step(2, 1, "lock", "mutex m", "", 40),           step(3, 1, "read", "shared count", "0", 41),
      step(4, 1, "wait", "condvar cv", "blocked", 42), step(5, 2, "lock", "mutex m", "", 40),
      step(6, 2, "read", "shared count", "0", 41),     step(7, 2, "write", "shared count", "0 -> -1", 44),
      step(8, 2, "unlock", "mutex m", "", 45),
  };
  v.failing_step = 7;
  v.schedule = "v1:0.0.1.1.1.2.2.2.2";
  v.preemptions = 1;
  v.original_steps = 23;
  Result r;
  r.model = "semaphore/if-not-while";
  r.verdict = Verdict::violated;
  r.violations.push_back(std::move(v));
  r.stats = {1234, 56, 20480, 23, 0.042};
  r.strategy = "dpor";
  r.exhaustive = true;
  return r;
}

Result holds() {
  Result r;
  r.model = "semaphore";
  r.verdict = Verdict::holds;
  r.stats = {5000, 10, 90000, 30, 1.5};
  r.strategy = "dfs";
  r.exhaustive = true;
  r.complete = true;
  return r;
}

Result sampled() {
  Result r;
  r.model = "semaphore";
  r.verdict = Verdict::holds;
  r.stats = {100000, 0, 2400000, 24, 0.8};
  r.strategy = "random";
  r.exhaustive = false;
  return r;
}

Result awkward() {
  Result r = violated();
  r.model = "quote<&>\"'|*`";
  Violation& v = r.violations[0];
  v.message = "line one <b>not bold</b> & \"quoted\" 'single' | pipe * star `tick`\nline two";
  v.trace[3].detail = "<script>alert(1)</script> & | `x`";
  v.trace[3].object = "shared a|b";
  v.schedule = "v1:0.1'<&>";
  return r;
}

Result two_violations() {
  Result r = violated();
  Violation race;
  race.kind = ViolationKind::data_race;
  race.message = "data race on shared count: step 3 (thread 1) and step 4 (thread 2) are unordered.";
  race.trace = {
      {0, 0, "spawn", "thread 1", "", "models/race.cpp", 10, 0},
      {1, 0, "spawn", "thread 2", "", "models/race.cpp", 11, 0},
      {2, 1, "read", "shared count", "0", "models/race.cpp", 20, 0},
      {3, 1, "write", "shared count", "1", "models/race.cpp", 21, 0},
      {4, 2, "write", "shared count", "1", "models/race.cpp", 21, 0.5},
  };
  race.failing_step = 4;
  race.other_step = 3;
  race.schedule = "v1:0.0.1.1.2";
  r.violations.insert(r.violations.begin(), r.violations[0]);
  r.violations[0].kind = ViolationKind::deadlock;
  r.violations[1] = std::move(race);
  return r;
}

Result linearizability() {
  Violation v;
  v.kind = ViolationKind::linearizability;
  v.message = "the history of 4 calls is not linearizable against the sequential queue.";
  v.trace = {
      {0, 0, "spawn", "thread 1", "", "models/queue.cpp", 10, 0},
      {1, 0, "spawn", "thread 2", "", "models/queue.cpp", 11, 0},
      {2, 1, "rmw", "atomic history clock", "0 -> 1", "models/queue.cpp", 20, 0},
      {3, 2, "rmw", "atomic history clock", "1 -> 2", "models/queue.cpp", 20, 0},
      {4, 2, "violation", "", "", "models/queue.cpp", 21, 0},
  };
  v.failing_step = 4;
  v.schedule = "1:0,1,2*2";
  v.history = {{1, 1, 2, "enqueue(1)", "0", true},
               {2, 3, 4, "enqueue(2)", "0", false},
               {2, 5, 6, "dequeue()", "2", true},
               {1, 7, 0, "dequeue()", "", false}};
  Result r;
  r.model = "blocking-queue/lanes-per-producer";
  r.verdict = Verdict::violated;
  r.violations.push_back(std::move(v));
  r.stats = {6, 0, 72, 12, 0.001};
  r.strategy = "dpor";
  r.exhaustive = true;
  return r;
}

}  // namespace interleave::reports::fixtures
