// The spawn start method: a child that is a fresh image of this program
// (posix_spawn of /proc/self/exe), told by its command line which registered
// entry point to run, as Python's multiprocessing "spawn" context. Nothing of
// the parent's memory is inherited, only what is passed: string arguments and
// file descriptors (each given descriptor becomes 3, 4, ... in the child, so
// a Pipe end can be handed over and rebuilt there with
// Connection(3, readable, writable)).
//
//   // at namespace scope, in the program:
//   const bool registered = register_spawn_entry("square", [](const SpawnArgs& a) { ...; return 0; });
//   int main(int argc, char** argv) {
//     run_spawn_entry_if_requested(argc, argv);   // first thing: a spawned child runs its entry and exits
//     ...
//   }
//   Process p(Spawn{"square", {"7"}});   // p.start() spawns; join/exitcode as for fork
#pragma once

#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace interleave::process {

/// What a spawned child is given: its entry's name, the string arguments, and
/// how many descriptors were passed (they are 3 .. 3 + fds - 1).
struct SpawnArgs {
  std::vector<std::string> args;
  int fds = 0;
};

/// How to start a spawned child: the registered entry to run, its arguments
/// and the parent's descriptors to pass (as 3, 4, ... in the child).
struct Spawn {
  std::string entry;
  std::vector<std::string> args;
  std::vector<int> pass_fds;
};

/// The command-line flag that marks a spawned child: `--interleave-spawn=NAME`.
inline constexpr const char* kSpawnFlag = "--interleave-spawn=";
/// What follows the flag: the descriptor count, then the arguments.

using SpawnEntry = std::function<int(const SpawnArgs&)>;

inline std::map<std::string, SpawnEntry>& spawn_entries() {
  static std::map<std::string, SpawnEntry> entries;
  return entries;
}

/// Registers an entry point a spawned child can run; returns true so that it
/// can initialise a static.
inline bool register_spawn_entry(const std::string& name, SpawnEntry entry) {
  if (!spawn_entries().emplace(name, std::move(entry)).second)
    throw std::logic_error("register_spawn_entry: duplicate name " + name);
  return true;
}

/// In a spawned child (argv[1] is the spawn flag), runs the named entry and
/// exits with its result (127 for an unknown entry, 1 if it throws);
/// otherwise returns. Call it first in main.
inline void run_spawn_entry_if_requested(int argc, char** argv) {
  if (argc < 3 || std::strncmp(argv[1], kSpawnFlag, std::strlen(kSpawnFlag)) != 0) return;
  const std::string name = argv[1] + std::strlen(kSpawnFlag);
  SpawnArgs given;
  given.fds = std::atoi(argv[2]);
  for (int i = 3; i < argc; ++i) given.args.emplace_back(argv[i]);
  const auto entry = spawn_entries().find(name);
  if (entry == spawn_entries().end()) std::_Exit(127);
  int code = 1;
  try {
    code = entry->second(given);
  } catch (...) {
    code = 1;
  }
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace interleave::process
