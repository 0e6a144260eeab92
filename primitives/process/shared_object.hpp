// SharedObject<T>: one T constructed (placement new) in an anonymous
// MAP_SHARED mapping, so that processes forked after its construction share
// the very object: a primitive instantiated with process_sync synchronises
// them. The process that constructed it destroys it and unmaps; a forked child
// leaves the object alone when its copy of the holder is destroyed (children
// usually end with _exit and destroy nothing anyway).
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <new>
#include <system_error>
#include <utility>

namespace interleave::process {

template <class T>
class SharedObject {
 public:
  template <class... Args>
  explicit SharedObject(Args&&... args) {
    void* memory = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
    try {
      object_ = new (memory) T(std::forward<Args>(args)...);
    } catch (...) {
      ::munmap(memory, sizeof(T));
      throw;
    }
  }
  SharedObject(const SharedObject&) = delete;
  SharedObject& operator=(const SharedObject&) = delete;
  ~SharedObject() {
    if (::getpid() == owner_) object_->~T();
    ::munmap(object_, sizeof(T));
  }

  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }
  T* get() const { return object_; }

 private:
  T* object_ = nullptr;
  pid_t owner_ = ::getpid();
};

}  // namespace interleave::process
