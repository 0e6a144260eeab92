// The waits of a condition variable that follow from its two basic ones, in
// one CRTP base shared by every sync policy's condition variable. The
// derived class provides
//   void wait(Lock&, location);
//   std::cv_status wait_until(Lock&, const std::chrono::time_point<C, D>&, location);
// and brings the predicate overloads in beside its own (`using
// derived_waits::wait;`, `using derived_waits::wait_until;`). A wait with a
// predicate loops over the basic wait; wait_for waits until `Clock::now()`
// plus the duration, as std::condition_variable::wait_for is specified to.
#pragma once

#include <chrono>
#include <condition_variable>  // std::cv_status
#include <utility>

#include "interleave/location.hpp"

namespace interleave {

template <class Derived, class Clock>
class derived_waits {
 public:
  template <class Lock, class Pred>
  void wait(Lock& lock, Pred pred, location loc = location::current()) {
    while (!pred()) self().wait(lock, loc);
  }
  template <class Lock, class C, class Duration, class Pred>
  bool wait_until(Lock& lock, const std::chrono::time_point<C, Duration>& t, Pred pred,
                  location loc = location::current()) {
    while (!pred())
      if (self().wait_until(lock, t, loc) == std::cv_status::timeout) return pred();
    return true;
  }
  template <class Lock, class Rep, class Period>
  std::cv_status wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& d, location loc = location::current()) {
    return self().wait_until(lock, Clock::now() + d, loc);
  }
  template <class Lock, class Rep, class Period, class Pred>
  bool wait_for(Lock& lock, const std::chrono::duration<Rep, Period>& d, Pred pred,
                location loc = location::current()) {
    return self().wait_until(lock, Clock::now() + d, std::move(pred), loc);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

}  // namespace interleave
