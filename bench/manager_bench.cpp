// Manager round trips per second over loopback: a proxy's call is one
// request frame to the server process and one response frame back, each
// JSON text. Measured for a Namespace get and set with 64-byte and 4 KiB
// string values, and for a new authenticated connection (the TCP connect and
// the HMAC-SHA256 challenge-response both ways).
//
//   cmake --preset bench && cmake --build --preset bench --target manager_bench
//   build/bench/bench/manager_bench
#include <benchmark/benchmark.h>

#include <string>

#include "primitives/process/manager.hpp"

namespace {

using interleave::process::connect;
using interleave::process::Manager;
using interleave::process::NamespaceProxy;

void BM_ManagerNamespaceGet(benchmark::State& state) {
  Manager manager;
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  ns.set("x", std::string(static_cast<std::size_t>(state.range(0)), 'x'));
  for (auto _ : state) benchmark::DoNotOptimize(ns.get<std::string>("x"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ManagerNamespaceGet)->Arg(64)->Arg(4096)->UseRealTime();

void BM_ManagerNamespaceSet(benchmark::State& state) {
  Manager manager;
  manager.start();
  const NamespaceProxy ns = manager.Namespace();
  const std::string value(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) ns.set("x", value);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ManagerNamespaceSet)->Arg(64)->Arg(4096)->UseRealTime();

void BM_ManagerConnectAndAuthenticate(benchmark::State& state) {
  Manager manager;
  manager.start();
  for (auto _ : state) benchmark::DoNotOptimize(connect(manager.address(), manager.authkey()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ManagerConnectAndAuthenticate)->UseRealTime();

}  // namespace
