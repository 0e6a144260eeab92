// The thread and object records of an execution, kept across executions:
// the next execution renews the records of the last in place (their
// scalars set back to their defaults, their buffers emptied but keeping
// their capacity) instead of constructing and destroying new ones, so an
// execution allocates nothing once the first ones have run.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

namespace interleave::engine {

/// A sequence of records whose size drops to zero between executions while
/// the records themselves stay. `renew(T&)` (found by argument-dependent
/// lookup) makes a kept record as a default-constructed one, buffers aside.
template <class T>
class Records {
 public:
  /// Room for `n` records: references to them survive additions up to `n`.
  void reserve(std::size_t n) { kept_.reserve(n); }
  /// A record as new at the end: a kept one renewed, or a new one.
  T& add() {
    if (size_ < kept_.size()) {
      T& r = kept_[size_++];
      renew(r);
      return r;
    }
    ++size_;
    return kept_.emplace_back();
  }
  /// Drops every record (they are kept for the next additions).
  void clear() { size_ = 0; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return kept_[i]; }
  const T& operator[](std::size_t i) const { return kept_[i]; }
  T& at(std::size_t i) {
    if (i >= size_) throw std::out_of_range("interleave: no such record");
    return kept_[i];
  }
  T& back() { return kept_[size_ - 1]; }
  T* begin() { return kept_.data(); }
  T* end() { return kept_.data() + size_; }
  const T* begin() const { return kept_.data(); }
  const T* end() const { return kept_.data() + size_; }
  auto rbegin() { return std::reverse_iterator<T*>(end()); }
  auto rend() { return std::reverse_iterator<T*>(begin()); }
  std::span<const T> view() const { return {kept_.data(), size_}; }

 private:
  std::vector<T> kept_;
  std::size_t size_ = 0;
};

}  // namespace interleave::engine
