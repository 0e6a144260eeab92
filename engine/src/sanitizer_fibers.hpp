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
#include <sanitizer/lsan_interface.h>
#endif
#if INTERLEAVE_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace interleave::engine {

/// The sanitizer state of one stack (a fiber's, or the scheduler's). ASan
/// needs a stack's true bounds: it unpoisons the frames an exception or a
/// longjmp skips (__asan_handle_no_return) only within the bounds of the
/// current stack, and with wrong ones it leaves their redzones poisoned, to
/// be reported as stack errors when the memory is used again.
struct SanitizerFiber {
  const void* stack_bottom = nullptr;
  std::size_t stack_size = 0;
  void* tsan_fiber = nullptr;
  bool owns_tsan_fiber = false;

  /// The stack of the calling context. Its bounds are unknown here; they are
  /// learnt by the first fiber it switches to (after_switch's `from`).
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

/// Call right before switching from the current stack to `to`. `fake_stack`
/// receives the current stack's ASan fake stack (use-after-return detection),
/// to be handed back to after_switch when control returns to this stack; pass
/// nullptr when this stack is left for good (its fake stack is freed).
inline void before_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const SanitizerFiber& to) {
#if INTERLEAVE_ASAN
  __sanitizer_start_switch_fiber(fake_stack, to.stack_bottom, to.stack_size);
#endif
#if INTERLEAVE_TSAN
  __tsan_switch_to_fiber(to.tsan_fiber, 0);
#endif
}

/// Call right after arriving on a stack: `fake_stack` is what before_switch
/// saved when this stack was left (nullptr on a fiber's first entry). When
/// `from` is given, it learns the bounds of the stack control came from.
inline void after_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] SanitizerFiber* from = nullptr) {
#if INTERLEAVE_ASAN
  const void* bottom = nullptr;
  std::size_t size = 0;
  __sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
  if (from) {
    from->stack_bottom = bottom;
    from->stack_size = size;
  }
#endif
}

/// Call after a longjmp from a fiber (or a signal handler on it) back to the
/// stack `to`, which had saved `to_fake_stack` when it left: the sanitizers
/// still believe the fiber runs. The fiber's fake stack is kept, not freed:
/// the frames entered since the longjmp live on it.
inline void after_longjmp_to([[maybe_unused]] const SanitizerFiber& to, [[maybe_unused]] void* to_fake_stack) {
#if INTERLEAVE_ASAN
  void* fiber_fake_stack = nullptr;
  __sanitizer_start_switch_fiber(&fiber_fake_stack, to.stack_bottom, to.stack_size);
  __sanitizer_finish_switch_fiber(to_fake_stack, nullptr, nullptr);
#endif
#if INTERLEAVE_TSAN
  __tsan_switch_to_fiber(to.tsan_fiber, 0);
#endif
}

/// Tells LeakSanitizer that `object` (and what it points to) is leaked on
/// purpose: after a stack overflow the engine abandons the fibers and the
/// state they point into, since unwinding or freeing them is unsafe.
inline void leak_on_purpose([[maybe_unused]] const void* object) {
#if INTERLEAVE_ASAN
  __lsan_ignore_object(object);
#endif
}

}  // namespace interleave::engine
