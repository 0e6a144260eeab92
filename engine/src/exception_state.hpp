// The C++ runtime keeps its exception-handling state (the exceptions being
// caught, the count std::uncaught_exceptions() returns) per OS thread. Fibers
// share one OS thread, so each fiber's state is saved and restored around
// every switch; otherwise a fiber unwinding an exception would make another
// see it as "uncaught", and a catch block suspended in one fiber would be
// disturbed by another.
#pragma once

#include <cxxabi.h>

#include <cstring>

namespace interleave::engine {

/// The Itanium ABI layout of __cxa_eh_globals (libstdc++ and libc++abi).
struct ExceptionState {
  void* caught = nullptr;
  unsigned int uncaught = 0;

  /// Saves the running context's state into this.
  void save() { std::memcpy(this, abi::__cxa_get_globals(), sizeof(*this)); }
  /// Makes this the running context's state.
  void load() const { std::memcpy(abi::__cxa_get_globals(), this, sizeof(*this)); }
};

}  // namespace interleave::engine
