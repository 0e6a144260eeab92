// The command line on arbitrary arguments: the input, split at newlines, is
// the argument list after `interleave check counter` or `interleave replay
// counter/unlocked` (its first byte picks which). Every run must end with an
// exit code of the contract (0 to 3), never a crash, an uncaught exception or
// a hang. Output is discarded. Two small models are linked, so every search is
// short; a budget in seconds bounds the rest.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "../interleave/commands.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const int quiet = [] {  // the CLI prints; the fuzzer's own output stays on stderr's copy
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    return null;
  }();
  (void)quiet;
  std::vector<std::string> args{"interleave"};
  if (data[0] % 2 == 0) {
    args.insert(args.end(), {"check", "counter", "--budget-seconds", "1"});
  } else {
    args.insert(args.end(), {"replay", "counter/unlocked"});
  }
  std::string current;
  for (std::size_t i = 1; i < size; ++i) {
    if (data[i] == '\n') {
      args.push_back(current);
      current.clear();
    } else if (data[i] != 0) {
      current += static_cast<char>(data[i]);
    }
  }
  args.push_back(current);
  // No folder is written: --report and output paths are dropped; nor is a
  // long run started: stress runs real threads for seconds, which-check checks every variant.
  for (std::string& a : args)
    if (a.rfind("--report", 0) == 0 || a == "gallery" || a == "new" || a == "stress" || a == "which-check")
      a = "--format";
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  const int code = interleave::cli::run(static_cast<int>(argv.size()), argv.data());
  if (code < 0 || code > 3) std::abort();
  return 0;
}
