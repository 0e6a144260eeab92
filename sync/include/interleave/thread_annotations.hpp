// Clang thread-safety analysis attributes (-Wthread-safety); empty elsewhere.
#pragma once

#if defined(__clang__)
#define INTERLEAVE_TSA(x) __attribute__((x))
#else
#define INTERLEAVE_TSA(x)
#endif

#define CAPABILITY(x) INTERLEAVE_TSA(capability(x))
#define SCOPED_CAPABILITY INTERLEAVE_TSA(scoped_lockable)
#define GUARDED_BY(x) INTERLEAVE_TSA(guarded_by(x))
#define REQUIRES(...) INTERLEAVE_TSA(requires_capability(__VA_ARGS__))
#define ACQUIRE(...) INTERLEAVE_TSA(acquire_capability(__VA_ARGS__))
#define RELEASE(...) INTERLEAVE_TSA(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) INTERLEAVE_TSA(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) INTERLEAVE_TSA(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS INTERLEAVE_TSA(no_thread_safety_analysis)
