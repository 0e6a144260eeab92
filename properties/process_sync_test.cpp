// The existing BlockingQueue and Semaphore templates instantiated with
// process_sync, placed in shared memory and used by real fork()ed processes:
// for random numbers of producer and consumer processes, nothing is lost or
// duplicated and each consumer sees each producer's items in order; a
// semaphore never has more holders than permits and, with one permit, guards
// a plain counter so that no increment is lost. One test places the queue in
// a named boost::interprocess::managed_shared_memory segment instead of an
// anonymous mapping.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "interleave/process_sync.hpp"
#include "primitives/blocking_queue.hpp"
#include "primitives/fixed_slots.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/shared_object.hpp"
#include "primitives/semaphore.hpp"

namespace {

using interleave::process_sync;
using interleave::process::Process;
using interleave::process::SharedObject;
using namespace std::chrono_literals;

constexpr int kMaxCapacity = 8;
constexpr int kMaxTaken = 256;
using ProcessQueue = interleave::BlockingQueue<int, process_sync, interleave::BlockingQueueFlaw::none,
                                               interleave::FixedSlots<int, kMaxCapacity>>;

/// What one consumer process took, in the order it took it.
struct Taken {
  int count = 0;
  std::array<int, kMaxTaken> items{};
};

/// Starts every process, then joins each within `timeout`; a process still
/// running then is killed and counts as a failure (a hang fails the test, it
/// does not stall it). Returns whether every process exited with code 0.
bool run_all(std::vector<Process>& processes, std::chrono::seconds timeout = 20s) {
  for (auto& p : processes) p.start();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool all_ok = true;
  for (auto& p : processes) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!p.join(std::max(left, 0ms))) p.kill(), p.join();
    all_ok = all_ok && p.exitcode() == 0;
  }
  return all_ok;
}

/// Producers enqueue p*1000+i; consumers share out the takes; the history
/// must hold every item once and each producer's items in order per consumer.
/// Returns what went wrong, or "" if nothing did.
std::string check_queue_across_processes(ProcessQueue& queue, int producers, int consumers, int per_producer) {
  const int total = producers * per_producer;
  SharedObject<std::array<Taken, 4>> taken;
  std::vector<Process> processes;
  for (int p = 0; p < producers; ++p)
    processes.emplace_back([&queue, p, per_producer] {
      for (int i = 0; i < per_producer; ++i) queue.enqueue(p * 1000 + i);
    });
  for (int c = 0; c < consumers; ++c)
    processes.emplace_back([&queue, &taken, c, consumers, total] {
      Taken& mine = (*taken)[c];
      const int share = total / consumers + (c == 0 ? total % consumers : 0);
      for (int i = 0; i < share; ++i) mine.items[mine.count++] = queue.dequeue();
    });
  if (!run_all(processes)) return "a producer or consumer process failed or hung";
  if (queue.size() != 0) return "items left in the queue";

  std::vector<int> all;
  for (int c = 0; c < consumers; ++c) {
    const Taken& mine = (*taken)[c];
    for (int p = 0; p < producers; ++p) {
      std::vector<int> from_p;
      std::copy_if(mine.items.begin(), mine.items.begin() + mine.count, std::back_inserter(from_p),
                   [p](int v) { return v / 1000 == p; });
      if (!std::is_sorted(from_p.begin(), from_p.end())) return "a producer's items out of order";
    }
    all.insert(all.end(), mine.items.begin(), mine.items.begin() + mine.count);
  }
  std::vector<int> expected;
  for (int p = 0; p < producers; ++p)
    for (int i = 0; i < per_producer; ++i) expected.push_back(p * 1000 + i);
  std::sort(all.begin(), all.end());
  if (all != expected) return "items lost or duplicated";
  return "";
}

RC_GTEST_PROP(ProcessSync, BlockingQueueAcrossProcessesIsFifoAndLosesNothing, ()) {
  const int capacity = *rc::gen::inRange(1, kMaxCapacity + 1);
  const int producers = *rc::gen::inRange(1, 4);
  const int consumers = *rc::gen::inRange(1, 5);
  const int per_producer = *rc::gen::inRange(0, 60);
  SharedObject<ProcessQueue> queue(capacity);
  RC_ASSERT(check_queue_across_processes(*queue, producers, consumers, per_producer) == "");
}

TEST(ProcessSync, BlockingQueueInManagedSharedMemory) {
  namespace bip = boost::interprocess;
  const std::string name = "interleave_process_sync_test_" + std::to_string(::getpid());
  bip::shared_memory_object::remove(name.c_str());
  {
    bip::managed_shared_memory segment(bip::create_only, name.c_str(), 1 << 16);
    ProcessQueue* queue = segment.construct<ProcessQueue>("queue")(3);
    EXPECT_EQ(check_queue_across_processes(*queue, 3, 2, 50), "");
    segment.destroy<ProcessQueue>("queue");
  }
  bip::shared_memory_object::remove(name.c_str());
}

/// The state the semaphore's holders share: how many hold a permit now, the
/// most ever seen, and a plain counter; and a start gate, so that the workers
/// overlap instead of each finishing before the next one is forked.
struct Holders {
  interleave::Semaphore<process_sync> semaphore;
  process_sync::atomic<int> arrived{0};
  process_sync::atomic<int> now{0};
  process_sync::atomic<int> most{0};
  int counter = 0;
  explicit Holders(int permits) : semaphore(permits) {}
  void gate(int workers) {
    ++arrived;
    while (arrived.load() < workers) process_sync::yield();
  }
};

RC_GTEST_PROP(ProcessSync, SemaphoreAcrossProcessesNeverHasMoreHoldersThanPermits, ()) {
  const int permits = *rc::gen::inRange(1, 4);
  const int workers = *rc::gen::inRange(1, 6);
  const int rounds = *rc::gen::inRange(1, 200);
  SharedObject<Holders> shared(permits);
  std::vector<Process> processes;
  for (int w = 0; w < workers; ++w)
    processes.emplace_back([&shared, rounds, workers] {
      Holders& h = *shared;
      h.gate(workers);
      for (int r = 0; r < rounds; ++r) {
        h.semaphore.acquire();
        const int now = ++h.now;
        int most = h.most.load();
        while (now > most && !h.most.compare_exchange_weak(most, now)) {
        }
        process_sync::yield();  // hold the permit across a reschedule
        --h.now;
        h.semaphore.release();
      }
    });
  RC_ASSERT(run_all(processes));
  RC_ASSERT(shared->most.load() <= permits);
  RC_ASSERT(shared->semaphore.available() == permits);
}

TEST(ProcessSync, OnePermitSemaphoreGuardsAPlainCounterAcrossProcesses) {
  constexpr int kWorkers = 4, kRounds = 20000;
  SharedObject<Holders> shared(1);
  std::vector<Process> processes;
  for (int w = 0; w < kWorkers; ++w)
    processes.emplace_back([&shared] {
      shared->gate(kWorkers);
      for (int r = 0; r < kRounds; ++r) {
        shared->semaphore.acquire();
        // A read-modify-write with a yield inside now and then, so that an
        // unguarded version would lose updates even when the processes
        // share one core.
        const int seen = shared->counter;
        if (r % 16 == 0) process_sync::yield();
        shared->counter = seen + 1;
        shared->semaphore.release();
      }
    });
  std::vector<Process>& all = processes;
  for (auto& p : all) p.start();
  for (auto& p : all) {
    ASSERT_TRUE(p.join(20s));
    EXPECT_EQ(p.exitcode(), 0);
  }
  EXPECT_EQ(shared->counter, kWorkers * kRounds);
}

TEST(ProcessSync, TimedWaitTimesOutAcrossTheWallClockConversion) {
  SharedObject<process_sync::mutex> m;
  SharedObject<process_sync::condition_variable> cv;
  process_sync::unique_lock<process_sync::mutex> lock(*m);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(cv->wait_for(lock, 50ms), std::cv_status::timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
  EXPECT_FALSE(cv->wait_for(lock, 10ms, [] { return false; }));
}

TEST(ProcessSync, ThreadIdsDifferAcrossProcesses) {
  SharedObject<process_sync::atomic<pid_t>> child_id;
  Process child([&child_id] { child_id->store(process_sync::this_thread_id()); });
  child.start();
  ASSERT_TRUE(child.join(10s));
  EXPECT_EQ(child.exitcode(), 0);
  EXPECT_EQ(child_id->load(), child.pid());
  EXPECT_NE(child_id->load(), process_sync::this_thread_id());
}

}  // namespace
