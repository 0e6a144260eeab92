// The engine calls the model_sync facade makes: one call per visible operation.
// The engine owns all state; a facade object holds only its object id.
// Not for direct use by models; use model_sync.hpp.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "interleave/location.hpp"

namespace interleave::detail {

/// What kind of engine object a facade handle names.
enum class ObjectKind : std::uint8_t { mutex, condition_variable, atomic, shared, thread, clock };

/// How an access touches a value (for race detection and reduction).
enum class Access : std::uint8_t { read, write, rmw, failed_rmw };

/// A value as the trace shows it: integral values are kept, others are not.
struct Value {
  std::int64_t number = 0;
  bool known = false;
};

template <class T>
Value value_of(const T& v) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return Value{static_cast<std::int64_t>(v), true};
  else if constexpr (std::is_pointer_v<T>)
    return Value{static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(v)), true};
  else
    return Value{};
}

/// Model time in nanoseconds since the start of the execution.
using nanos = std::int64_t;

/// Why a condition-variable (or atomic) wait returned.
enum class Wake : std::uint8_t { notified, timeout, spurious };

std::uint32_t new_object(ObjectKind kind, const char* name, location loc);

void mutex_lock(std::uint32_t m, location loc);
bool mutex_try_lock(std::uint32_t m, location loc);
void mutex_unlock(std::uint32_t m, location loc);

/// Releases m, waits on cv until notified (or the deadline, or a spurious
/// wake-up), and reacquires m. deadline < 0: no deadline.
Wake cv_wait(std::uint32_t cv, std::uint32_t m, nanos deadline, location loc);
void cv_notify(std::uint32_t cv, bool all, location loc);

/// A scheduling point before an access of a shared<T> or atomic<T>.
void before_access(std::uint32_t object, Access access, location loc);
/// A scheduling point before a compare-exchange expecting `expected`: the
/// reduction treats a CAS that will fail as a read.
void before_cas(std::uint32_t object, Value expected, location loc);
/// An atomic's value at construction (the engine tracks atomics' values).
void initial_value(std::uint32_t object, Value value);
/// Records the access just done: race check, clocks, trace.
void after_access(std::uint32_t object, Access access, Value before, Value after, location loc);

/// Atomics (memory_model.hpp): the stores to an atomic are numbered in the
/// order they are made, starting with its initial value (0); the facade keeps
/// their values and the engine says which one a load reads.
inline constexpr std::uint32_t kNoStore = 0xffffffff;
/// A scheduling point before an atomic access with memory order `order`
/// (a compare-exchange passes the value it expects). Returns the store the
/// access reads (loads and read-modify-writes), the latest for a store, or
/// kNoStore when the execution is being torn down.
std::uint32_t atomic_begin(std::uint32_t object, Access access, std::memory_order order, Value expected, location loc);
/// Completes the access atomic_begin scheduled: `access` is rmw for a
/// successful and failed_rmw for a failed compare-exchange; `written` is the
/// value stored (writes and rmw). The new store's number is the next one.
void atomic_end(std::uint32_t object, Access access, std::memory_order order, Value written, location loc);
/// The store of an atomic that is latest in modification order (peeks).
std::uint32_t atomic_latest(std::uint32_t object);
/// std::atomic<T>::wait, one round of its loop. The value check is one
/// visible step (Op::wait on the atomic): it reads the latest store in
/// modification order (as the futex compare of the implementations does) and
/// returns its number, or kNoStore when the execution is being torn down.
/// `old` is the value waited on (known when integral).
std::uint32_t atomic_wait_begin(std::uint32_t object, std::memory_order order, Value old, location loc);
/// Completes the check atomic_wait_begin scheduled. `blocks`: the value read
/// equals old. Then, in the same step, the thread joins the atomic's waiters
/// (unless the step was chosen to wake spuriously) and parks until a notify
/// wakes it (Op::wake); the caller checks again. Otherwise the check is
/// recorded as the load that ends the wait.
void atomic_wait_end(std::uint32_t object, std::memory_order order, bool blocks, location loc);
/// std::atomic<T>::notify_one / notify_all: wakes the oldest (or every)
/// thread blocked in a wait on the atomic at this moment.
void atomic_notify(std::uint32_t object, bool all, location loc);
/// std::atomic_thread_fence: a seq_cst fence is a visible operation.
void atomic_fence(std::memory_order order, location loc);
/// True while an invariant (or the model's state hash) runs: a read of
/// `object` is then an unrecorded peek. An invariant's read also marks the
/// object as observed, so that DPOR orders the steps that write it (the
/// invariant can tell their orders apart).
bool peek(std::uint32_t object);

int spawn(std::function<void()> body, location loc);
/// Spawns every body in one visible step (they start together).
void spawn_together(std::vector<std::function<void()>> bodies, location loc);
/// Waits, in one visible step, until every other non-detached thread finished.
void join_all(location loc);
void join(int thread, location loc);
void detach(int thread, location loc);
/// Called by a thread handle destroyed while joinable.
void dropped_joinable(int thread, location loc);
int current_thread();

void yield(location loc);
/// A visible step that returns a value in [0, n): every value is a branch of
/// the search (the step touches no shared object). n <= 1 returns 0 at once.
std::size_t choose(std::size_t n, location loc);
void sleep_until(nanos deadline, location loc);
nanos now();

void assert_that(bool ok, const std::string& message, location loc);
void add_invariant(std::string name, std::function<bool()> holds, location loc);
void set_state_hash(std::function<std::uint64_t()> hash);
/// Starvation (bounded bypass): the current thread starts waiting for
/// `resource`, for shared access (a reader) or exclusive access.
void wait_begin(const char* resource, bool shared, location loc);
/// The current thread got `resource`; every other thread waiting for it has
/// been bypassed once more, except that a shared acquisition does not bypass a
/// thread waiting for shared access (the two do not exclude each other). Past
/// Options::max_bypass: a starvation violation.
void wait_end(const char* resource, bool shared, location loc);

}  // namespace interleave::detail
