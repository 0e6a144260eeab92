// Fiber stacks, pooled across executions. Each stack has a PROT_NONE guard
// page below it so an overflow faults instead of corrupting memory; the fault
// handler (stack_guard.cpp) turns it into a stack_overflow violation.
#pragma once

#include <cstddef>
#include <vector>

#include <boost/context/stack_context.hpp>

namespace interleave::engine {

/// Owns mmap'd stacks of one size; hands them out and takes them back.
class StackPool {
 public:
  explicit StackPool(std::size_t usable_bytes);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context take();
  void give_back(boost::context::stack_context stack);
  /// Forgets every stack handed out and not returned (after a stack overflow
  /// their fibers are abandoned without unwinding).
  void forget_outstanding() { outstanding_ = 0; }
  std::size_t usable_size() const { return requested_; }
  /// True if `address` lies in the guard page of a stack of this pool.
  bool in_guard(const void* address) const;

 private:
  struct Region {
    char* base;  ///< start of the mapping (the guard page)
  };
  std::size_t requested_;
  std::size_t usable_;
  std::size_t page_;
  std::vector<Region> all_;
  std::vector<boost::context::stack_context> free_;
  std::size_t outstanding_ = 0;
};

/// The StackAllocator boost::context::fiber wants, drawing on a pool. When
/// `taken` is set, it receives the stack handed out (its bounds, for ASan).
struct PooledStackAllocator {
  StackPool* pool;
  boost::context::stack_context* taken = nullptr;
  boost::context::stack_context allocate() {
    boost::context::stack_context stack = pool->take();
    if (taken) *taken = stack;
    return stack;
  }
  void deallocate(boost::context::stack_context& stack) noexcept { pool->give_back(stack); }
};

}  // namespace interleave::engine
