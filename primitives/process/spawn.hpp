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

#include <spawn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

extern char** environ;

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

/// Starts /proc/self/exe with the entry's name, the descriptor count and the
/// arguments on its command line, the passed descriptors as 3, 4, ...;
/// returns its pid.
inline pid_t spawn_image(const Spawn& spawn) {
  std::vector<std::string> words{"/proc/self/exe", kSpawnFlag + spawn.entry, std::to_string(spawn.pass_fds.size())};
  words.insert(words.end(), spawn.args.begin(), spawn.args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  // The passed descriptors become 3, 4, ...: first duplicated above every
  // target, so that no dup2 overwrites a descriptor still to be passed.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const int base = 3 + static_cast<int>(spawn.pass_fds.size()) + 64;
  for (std::size_t i = 0; i < spawn.pass_fds.size(); ++i)
    posix_spawn_file_actions_adddup2(&actions, spawn.pass_fds[i], base + static_cast<int>(i));
  for (std::size_t i = 0; i < spawn.pass_fds.size(); ++i) {
    posix_spawn_file_actions_adddup2(&actions, base + static_cast<int>(i), 3 + static_cast<int>(i));
    posix_spawn_file_actions_addclose(&actions, base + static_cast<int>(i));
  }
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::system_error(error, std::generic_category(), "posix_spawn");
  return pid;
}

/// Runs a registered entry in this process (a spawned image or a fork-server
/// child) and exits with its result: 127 for an unknown entry, 1 if it throws.
[[noreturn]] inline void run_entry_and_exit(const std::string& name, const SpawnArgs& given) {
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

/// In a spawned child (argv[1] is the spawn flag), runs the named entry and
/// exits with its result (127 for an unknown entry, 1 if it throws);
/// otherwise returns. Call it first in main.
inline void run_spawn_entry_if_requested(int argc, char** argv) {
  if (argc < 3 || std::strncmp(argv[1], kSpawnFlag, std::strlen(kSpawnFlag)) != 0) return;
  const std::string name = argv[1] + std::strlen(kSpawnFlag);
  SpawnArgs given;
  given.fds = std::atoi(argv[2]);
  for (int i = 3; i < argc; ++i) given.args.emplace_back(argv[i]);
  run_entry_and_exit(name, given);
}

}  // namespace interleave::process
