// The sleeping barber: one barber, a waiting room of `chairs` chairs.
//
// A problem every course teaches (Dijkstra, 1965). A customer who finds every
// chair taken leaves; otherwise sits and waits for a haircut. The barber
// sleeps while nobody waits.
//
// Contract: visit() returns false at once when all chairs are taken, else
// true after the barber has cut the caller's hair (haircut() ran for it).
// Never more than `chairs` waiting; every seated customer gets a haircut.
// The destructor lets the barber serve everyone seated, then stops him.
//
// State (waiting = w, tickets: next to give t, being served s, done d; under m):
//   | event                 | next                                           |
//   | customer, w == chairs | leaves (false)                                 |
//   | customer, w < chairs  | w + 1; my = t++; notify barber; wait d > my    |
//   | barber, w == 0        | sleeps on `customers`                          |
//   | barber, w > 0         | w - 1; unlock; haircut(); lock; d + 1; notify  |
//
// Teaching variant (BarberFlaw::lost_wakeup): the customer rings the
// barber's bell (notify) before sitting down, in a separate critical
// section. A barber who wakes in between finds nobody waiting and sleeps
// again; the customer then sits with nobody to wake the barber: both wait
// forever (deadlock).
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "interleave/real_sync.hpp"
#include "interleave/thread_annotations.hpp"
#include "primitives/join_in_destructor.hpp"

namespace interleave {

/// Known-buggy variants of BarberShop kept for teaching.
enum class BarberFlaw : std::uint8_t { none, lost_wakeup };

template <class Sync = real_sync, BarberFlaw Flaw = BarberFlaw::none>
class BarberShop {
  using lock_type = typename Sync::template unique_lock<typename Sync::mutex>;

 public:
  /// haircut() runs on the barber's thread once per seated customer.
  BarberShop(int chairs, std::function<void()> haircut)
      : chairs_(chairs), haircut_(std::move(haircut)), barber_([this] { work(); }) {}

  ~BarberShop() {
    {
      lock_type lk(m_);
      closing_ = true;
      customers_.notify_one();
    }
    join_in_destructor<Sync>(barber_);
  }

  /// Sits and waits for a haircut; false if every chair was taken.
  bool visit() {
    lock_type lk(m_);
    if (waiting_ == chairs_) return false;
    if constexpr (Flaw == BarberFlaw::lost_wakeup) {
      customers_.notify_one();  // the flaw: rings before sitting down
      lk.unlock();
      lk.lock();
      if (waiting_ == chairs_) return false;
    }
    ++waiting_;
    const std::uint64_t mine = next_ticket_++;
    if constexpr (Flaw == BarberFlaw::none) customers_.notify_one();
    while (done_ <= mine) cut_done_.wait(lk);
    return true;
  }

  /// Customers sitting in the waiting room now (for model invariants).
  int waiting_now() const NO_THREAD_SAFETY_ANALYSIS { return waiting_; }

 private:
  void work() {
    lock_type lk(m_);
    for (;;) {
      while (waiting_ == 0 && !closing_) customers_.wait(lk);
      if (waiting_ == 0) return;  // closing, nobody left
      --waiting_;
      lk.unlock();
      haircut_();
      lk.lock();
      ++done_;
      cut_done_.notify_all();
    }
  }

  typename Sync::mutex m_{"barber.m"};
  typename Sync::condition_variable customers_{"barber.customers"};
  typename Sync::condition_variable cut_done_{"barber.cut_done"};
  const int chairs_;
  std::function<void()> haircut_;
  int waiting_ GUARDED_BY(m_) = 0;
  std::uint64_t next_ticket_ GUARDED_BY(m_) = 0;
  std::uint64_t done_ GUARDED_BY(m_) = 0;
  bool closing_ GUARDED_BY(m_) = false;
  typename Sync::thread barber_;  // last: starts after every member above
};

}  // namespace interleave
