// Messages per second between two processes through Pipe and Queue, with
// 64-byte and 4 KiB payloads. The parent sends in the timed loop; a forked
// child receives and discards until end of stream (Pipe) or an empty-string
// end marker (Queue). The figure is the sender's steady rate, which the
// receiver bounds once the pipe buffer or the queue is full.
//
//   cmake --preset bench && cmake --build --preset bench --target process_channels_bench
//   build/bench/bench/process_channels_bench
#include <benchmark/benchmark.h>

#include <string>

#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"
#include "primitives/process/queue.hpp"

namespace {

using interleave::process::Pipe;
using interleave::process::Process;
using interleave::process::Queue;

void BM_PipeRawBytes(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  auto [receiver, sender] = Pipe(false);
  Process child([&sender = sender, &receiver = receiver] {
    sender.close();
    while (receiver.recv_bytes()) {
    }
  });
  child.start();
  receiver.close();
  for (auto _ : state) sender.send_bytes(payload);
  sender.close();
  child.join();
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PipeRawBytes)->Arg(64)->Arg(4096)->UseRealTime();

void BM_PipeJson(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  auto [receiver, sender] = Pipe(false);
  Process child([&sender = sender, &receiver = receiver] {
    sender.close();
    while (receiver.recv<std::string>()) {
    }
  });
  child.start();
  receiver.close();
  for (auto _ : state) sender.send(payload);
  sender.close();
  child.join();
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PipeJson)->Arg(64)->Arg(4096)->UseRealTime();

/// A queue of 64 slots sized for a JSON string of Payload bytes (two quotes).
template <int Payload>
void BM_QueueJson(benchmark::State& state) {
  const std::string payload(Payload, 'x');
  Queue<std::string, 64, Payload + 2> queue;
  Process child([&queue] {
    while (!queue.get().empty()) {
    }
  });
  child.start();
  for (auto _ : state) queue.put(payload);
  queue.put("");
  child.join();
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * Payload);
}
BENCHMARK(BM_QueueJson<64>)->UseRealTime();
BENCHMARK(BM_QueueJson<4096>)->UseRealTime();

}  // namespace
