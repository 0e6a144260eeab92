// A search's state in bytes, for --checkpoint and --resume: an interrupted
// exhaustive search (DFS or DPOR) continues exactly where it stopped. The
// format is the engine's own (plain values, little-endian as the machine
// writes them, behind a versioned header the runner checks); a checkpoint is
// read back by the same build that wrote it.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace interleave::engine {

/// Appends values to a byte string.
class CheckpointWriter {
 public:
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  template <class T>
  void values(const std::vector<T>& v) {
    value<std::uint64_t>(v.size());
    for (const T& x : v) value(x);
  }
  void text(std::string_view s) {
    value<std::uint64_t>(s.size());
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

/// Reads them back in the same order; throws std::invalid_argument past the end.
class CheckpointReader {
 public:
  explicit CheckpointReader(std::string_view in) : in_(in) {}
  template <class T>
  T value() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (in_.size() < sizeof(T)) throw std::invalid_argument("the checkpoint is truncated");
    T v;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return v;
  }
  template <class T>
  std::vector<T> values() {
    const auto n = value<std::uint64_t>();
    if (n > in_.size()) throw std::invalid_argument("the checkpoint is truncated");
    std::vector<T> v;
    v.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) v.push_back(value<T>());
    return v;
  }
  std::string text() {
    const auto n = value<std::uint64_t>();
    if (n > in_.size()) throw std::invalid_argument("the checkpoint is truncated");
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace interleave::engine
