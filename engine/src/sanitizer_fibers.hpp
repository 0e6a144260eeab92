// Tells AddressSanitizer and ThreadSanitizer about fiber switches; without
// this they see one thread jump between stacks and report nonsense.
// Compiles to nothing in plain builds.
#pragma once

#include <cstddef>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INTERLEAVE_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define INTERLEAVE_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define INTERLEAVE_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define INTERLEAVE_TSAN 1
#endif

#if INTERLEAVE_ASAN
#include <sanitizer/asan_interface.h>
#endif
#if INTERLEAVE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace interleave::engine {

/// The sanitizer state of one stack (a fiber's, or the scheduler's).
struct SanitizerFiber {
  const void* stack_bottom = nullptr;
  std::size_t stack_size = 0;
  void* tsan_fiber = nullptr;
  bool owns_tsan_fiber = false;

  static SanitizerFiber for_current_thread() {
    SanitizerFiber f;
#if INTERLEAVE_TSAN
    f.tsan_fiber = __tsan_get_current_fiber();
#endif
    return f;
  }
  static SanitizerFiber for_stack(const void* bottom, std::size_t size) {
    SanitizerFiber f;
    f.stack_bottom = bottom;
    f.stack_size = size;
#if INTERLEAVE_TSAN
    f.tsan_fiber = __tsan_create_fiber(0);
    f.owns_tsan_fiber = true;
#endif
    return f;
  }
  void destroy() {
#if INTERLEAVE_TSAN
    if (owns_tsan_fiber) __tsan_destroy_fiber(tsan_fiber);
#endif
    owns_tsan_fiber = false;
  }
};

/// Call right before switching from the current stack to `to`.
inline void before_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const SanitizerFiber& to) {
#if INTERLEAVE_ASAN
  __sanitizer_start_switch_fiber(fake_stack, to.stack_bottom, to.stack_size);
#endif
#if INTERLEAVE_TSAN
  __tsan_switch_to_fiber(to.tsan_fiber, 0);
#endif
}

/// Call right after arriving on a stack.
inline void after_switch([[maybe_unused]] void* fake_stack) {
#if INTERLEAVE_ASAN
  __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
#endif
}

}  // namespace interleave::engine
