// McsLock: the Mellor-Crummey–Scott queue lock. Waiters form a linked queue
// of nodes, one per waiting thread, and each spins on its own node, over a
// sync policy.
//
// Seed passage: "Mutex" ("A mutex allows only a single thread to access a
// resource or critical section. Once a thread acquires a mutex, all other
// threads attempting to acquire the same mutex are blocked until the first
// thread releases the mutex."). The queue lock keeps that contract, enters in
// FIFO order, and lets every waiter spin on a flag no other waiter touches.
//
// Contract
//   lock(node)    the caller brings a Node of its own (on its stack, say), not
//                 in use by any other lock call; spins until it holds the lock.
//   unlock(node)  the holder releases with the same node; after it returns the
//                 node may be reused or destroyed.
//   At most one holder at a time; the holder's writes happen-before the next
//   holder's critical section; FIFO in the order of the swaps on the tail.
//
// State transitions (t = tail: the last node in the queue, or none)
//   | state            | operation    | next                                  |
//   | t == none        | lock(q)      | t = q; holds the lock                  |
//   | t == p           | lock(q)      | t = q; p.next = q; spins on q.locked   |
//   | t == q, q.next 0 | unlock(q)    | CAS t: q -> none; the lock is free     |
//   | t != q, q.next 0 | unlock(q)    | a successor is linking in: spins until |
//   |                  |              | q.next is set, then as below           |
//   | q.next == r      | unlock(q)    | r.locked = 0: r holds the lock         |
//
// Each spin iteration calls Sync::spin_loop(). The atomics use the default
// (sequentially consistent) order.
#pragma once

#include "interleave/real_sync.hpp"

namespace interleave {

template <class Sync = real_sync>
class McsLock {
 public:
  /// One thread's place in the queue.
  struct Node {
    explicit Node(const char* name = "mcs_node") : next(nullptr, name), locked(false, name) {}
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    typename Sync::template atomic<Node*> next;
    typename Sync::template atomic<bool> locked;
  };

  explicit McsLock(const char* name = "mcs_lock") : tail_(nullptr, name) {}
  McsLock(const McsLock&) = delete;
  McsLock& operator=(const McsLock&) = delete;

  /// Joins the queue with `node` and spins until the caller holds the lock.
  void lock(Node& node) {
    node.next.store(nullptr);
    node.locked.store(true);
    Node* const predecessor = tail_.exchange(&node);
    if (!predecessor) return;
    predecessor->next.store(&node);
    while (node.locked.load()) Sync::spin_loop();
  }

  /// Releases the lock taken with `node`, handing it to the next in the queue.
  void unlock(Node& node) {
    Node* successor = node.next.load();
    if (!successor) {
      Node* expected = &node;
      if (tail_.compare_exchange_strong(expected, nullptr)) return;
      while (!(successor = node.next.load())) Sync::spin_loop();
    }
    successor->locked.store(false);
  }

 private:
  typename Sync::template atomic<Node*> tail_;
};

}  // namespace interleave
