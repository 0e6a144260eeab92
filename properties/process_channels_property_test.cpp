// Properties of Queue and Pipe with real processes: for random numbers of
// producer and consumer processes and of items, every item arrives exactly
// once and each consumer gets each producer's items in the order they were
// sent. A hang fails (every process is joined with a deadline, then killed).
// More cases: RC_PARAMS="max_success=500" ./property_process_channels_property_test
#include <gtest/gtest.h>
#include <poll.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/queue.hpp"
#include "primitives/process/shared_object.hpp"

namespace {

using interleave::process::Connection;
using interleave::process::Pipe;
using interleave::process::Process;
using interleave::process::Queue;
using interleave::process::SharedObject;
using namespace std::chrono_literals;

constexpr int kMaxConsumers = 4;
constexpr int kMaxTaken = 256;
using Item = std::pair<int, int>;  // (producer, sequence number)

/// What one consumer process got, in order.
struct Taken {
  int count = 0;
  std::array<Item, kMaxTaken> items{};
};
using AllTaken = std::array<Taken, kMaxConsumers>;

/// Joins every started process within a shared deadline, killing any still
/// running then; returns whether every one exited with code 0.
bool join_all(std::vector<Process>& processes, std::chrono::seconds timeout = 20s) {
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

/// "" if the consumers' records hold each producer's items exactly once and in
/// order per consumer; otherwise what is wrong.
std::string check_history(const AllTaken& taken, int consumers, int producers, int per_producer) {
  std::vector<Item> all;
  for (int c = 0; c < consumers; ++c) {
    const Taken& mine = taken[c];
    std::vector<int> last(static_cast<std::size_t>(producers), -1);
    for (int k = 0; k < mine.count; ++k) {
      const auto [p, i] = mine.items[k];
      if (p < 0 || p >= producers) return "an item from no producer";
      if (i <= last[p]) return "a producer's items out of order";
      last[p] = i;
    }
    all.insert(all.end(), mine.items.begin(), mine.items.begin() + mine.count);
  }
  std::vector<Item> expected;
  for (int p = 0; p < producers; ++p)
    for (int i = 0; i < per_producer; ++i) expected.emplace_back(p, i);
  std::sort(all.begin(), all.end());
  return all == expected ? "" : "items lost or duplicated";
}

RC_GTEST_PROP(ProcessChannels, QueueWithManyProducersAndConsumersLosesNothingAndKeepsEachProducersOrder, ()) {
  const int producers = *rc::gen::inRange(1, 4);
  const int consumers = *rc::gen::inRange(1, kMaxConsumers + 1);
  const int per_producer = *rc::gen::inRange(0, 40);
  Queue<Item, 4, 32> queue;
  SharedObject<AllTaken> taken;

  std::vector<Process> producer_processes, consumer_processes;
  for (int c = 0; c < consumers; ++c)
    consumer_processes.emplace_back([&queue, &taken, c] {
      Taken& mine = (*taken)[c];
      for (Item item = queue.get(); item.first != -1; item = queue.get()) mine.items[mine.count++] = item;
    });
  for (int p = 0; p < producers; ++p)
    producer_processes.emplace_back([&queue, p, per_producer] {
      for (int i = 0; i < per_producer; ++i) queue.put({p, i});
    });
  for (auto& c : consumer_processes) c.start();
  for (auto& p : producer_processes) p.start();
  const bool producers_ok = join_all(producer_processes);
  // Every producer is done: one end marker per consumer.
  for (int c = 0; c < consumers; ++c) queue.put({-1, -1});
  RC_ASSERT(join_all(consumer_processes));
  RC_ASSERT(producers_ok);
  RC_ASSERT(queue.empty());
  RC_ASSERT(check_history(*taken, consumers, producers, per_producer) == "");
}

RC_GTEST_PROP(ProcessChannels, PipesFromManyProducersToManyConsumersLoseNothingAndEndCleanly, ()) {
  const int producers = *rc::gen::inRange(1, 4);
  const int consumers = *rc::gen::inRange(1, kMaxConsumers + 1);
  const int per_producer = *rc::gen::inRange(0, 40);
  SharedObject<AllTaken> taken;

  // One one-way pipe from each producer to each consumer: readers[p][c],
  // writers[p][c]. Producer p sends its item i to consumer i % consumers.
  std::vector<std::vector<Connection>> readers(producers), writers(producers);
  for (int p = 0; p < producers; ++p)
    for (int c = 0; c < consumers; ++c) {
      auto [reader, writer] = Pipe(false);
      readers[p].push_back(std::move(reader));
      writers[p].push_back(std::move(writer));
    }
  // Each process closes every end it does not use: a reader sees end of
  // stream only once every copy of the writing end is closed.
  auto keep_only = [&](int my_producer, int my_consumer) {
    for (int p = 0; p < producers; ++p)
      for (int c = 0; c < consumers; ++c) {
        if (p != my_producer) writers[p][c].close();
        if (c != my_consumer) readers[p][c].close();
      }
  };

  std::vector<Process> processes;
  for (int p = 0; p < producers; ++p)
    processes.emplace_back([&, p] {
      keep_only(p, -1);
      for (int i = 0; i < per_producer; ++i) writers[p][i % consumers].send(Item{p, i});
      for (auto& w : writers[p]) w.close();
    });
  for (int c = 0; c < consumers; ++c)
    processes.emplace_back([&, c] {
      keep_only(-1, c);
      Taken& mine = (*taken)[c];
      std::vector<Connection*> open;
      for (int p = 0; p < producers; ++p) open.push_back(&readers[p][c]);
      while (!open.empty()) {
        std::vector<pollfd> ready;
        for (Connection* r : open) ready.push_back({r->fileno(), POLLIN, 0});
        if (::poll(ready.data(), ready.size(), -1) < 0) continue;  // EINTR: poll again
        for (std::size_t k = 0; k < ready.size(); ++k) {
          if (ready[k].revents == 0) continue;
          if (auto item = open[k]->recv<Item>())
            mine.items[mine.count++] = *item;
          else
            open[k]->close();  // end of stream
        }
        std::erase_if(open, [](Connection* r) { return r->closed(); });
      }
    });
  for (auto& process : processes) process.start();
  keep_only(-1, -1);  // the parent uses no end
  RC_ASSERT(join_all(processes));
  RC_ASSERT(check_history(*taken, consumers, producers, per_producer) == "");
}

}  // namespace
