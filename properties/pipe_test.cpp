// Pipe between real processes: values round-trip as JSON both ways on a
// duplex pipe; a one-way pipe refuses the wrong direction; recv after the
// other end is closed in every process and drained reports end of stream;
// poll times out on a silent pipe and reports a ready message or end of
// stream; a message cut short reports an error, not end of stream.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "primitives/process/pipe.hpp"
#include "primitives/process/process.hpp"

namespace {

using interleave::process::Pipe;
using interleave::process::Process;
using namespace std::chrono_literals;

TEST(Pipe, DuplexCarriesJsonValuesBothWaysBetweenProcesses) {
  auto [parent_end, child_end] = Pipe();
  Process child([&parent_end = parent_end, &child_end = child_end] {
    parent_end.close();
    // Echo each vector back with its sum appended, until end of stream.
    while (auto v = child_end.recv<std::vector<int>>()) {
      int sum = 0;
      for (int x : *v) sum += x;
      v->push_back(sum);
      child_end.send(*v);
    }
  });
  child.start();
  child_end.close();
  for (int n = 0; n < 50; ++n) {
    std::vector<int> v(static_cast<std::size_t>(n), n);
    parent_end.send(v);
    auto back = parent_end.recv<std::vector<int>>();
    ASSERT_TRUE(back.has_value());
    v.push_back(n * n);
    EXPECT_EQ(*back, v);
  }
  parent_end.send(std::map<std::string, int>{{"a", 1}});  // not a vector: the child's parse throws
  parent_end.close();
  ASSERT_TRUE(child.join(10s));
  EXPECT_EQ(child.exitcode(), 1);
}

TEST(Pipe, EndOfStreamOnlyAfterEveryWriterClosedAndTheMessagesAreDrained) {
  auto [reader, writer] = Pipe(false);
  Process child([&reader = reader, &writer = writer] {
    reader.close();
    for (int i = 0; i < 3; ++i) writer.send(i);
  });
  child.start();
  ASSERT_TRUE(child.join(10s));
  // The child's writing end is gone, but the parent's copy still writes:
  // no end of stream yet, only the three messages.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(reader.recv<int>(), i);
  EXPECT_FALSE(reader.poll(20ms));
  writer.close();
  EXPECT_TRUE(reader.poll(0ms));  // end of stream is ready
  EXPECT_EQ(reader.recv<int>(), std::nullopt);
  EXPECT_EQ(reader.recv<int>(), std::nullopt);
}

TEST(Pipe, OneWayEndsRefuseTheOtherDirection) {
  auto [reader, writer] = Pipe(false);
  EXPECT_THROW(reader.send(1), std::logic_error);
  EXPECT_THROW((void)writer.recv<int>(), std::logic_error);
  EXPECT_THROW((void)writer.poll(0ms), std::logic_error);
  writer.send(5);
  EXPECT_TRUE(reader.poll(1s));
  EXPECT_EQ(reader.recv<int>(), 5);
  reader.close();
  EXPECT_THROW(reader.recv<int>(), std::logic_error);
}

TEST(Pipe, SendToAClosedPeerFailsWithoutSigpipe) {
  auto [a, b] = Pipe();
  b.close();
  EXPECT_THROW(a.send_bytes("x"), std::system_error);
}

TEST(Pipe, AMessageCutShortIsAnErrorNotEndOfStream) {
  auto [reader, writer] = Pipe(false);
  const std::uint32_t promised = 100;  // a length prefix promising 100 bytes, then 3 and the close
  std::string frame(reinterpret_cast<const char*>(&promised), sizeof promised);
  frame += "abc";
  ASSERT_EQ(::send(writer.fileno(), frame.data(), frame.size(), 0), static_cast<ssize_t>(frame.size()));
  writer.close();
  EXPECT_THROW(reader.recv_bytes(), std::runtime_error);
}

TEST(Pipe, AnOversizedLengthPrefixIsRefused) {
  auto [reader, writer] = Pipe(false);
  const std::uint32_t promised = interleave::process::Connection::kMaxMessageBytes + 1;
  ASSERT_EQ(::send(writer.fileno(), &promised, sizeof promised, 0), static_cast<ssize_t>(sizeof promised));
  EXPECT_THROW(reader.recv_bytes(), std::runtime_error);
}

}  // namespace
