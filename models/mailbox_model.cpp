// Models of the one-shot mailbox (primitives/message_passing.hpp): a writer
// publishes 42 while a reader polls once; a reader that sees the flag must
// read 42.
#include "interleave/interleave.hpp"
#include "models/registry.hpp"
#include "primitives/message_passing.hpp"

namespace {

using interleave::MailboxFlaw;
using interleave::model_sync;
using interleave::real_sync;

constexpr const char* kPassage =
    "Message passing: a writer fills a payload and raises a flag; a reader that sees the flag reads the payload.";

template <class S, MailboxFlaw Flaw>
void publish_and_poll() {
  interleave::Mailbox<S, Flaw> box;
  std::optional<int> seen;
  S::run_together({[&] { box.publish(42); }, [&] { seen = box.try_read(); }});
  S::assert_that(!seen || *seen == 42, "stale data: the flag was seen raised but the payload was not");
}

const bool registered = [] {
  interleave::register_model({
      .name = "mailbox",
      .primitive = "mailbox",
      .summary = "A writer publishes a plain payload behind a release store of a flag; a reader whose acquire "
                 "load sees the flag reads the payload: no race, never stale.",
      .passage = kPassage,
      .expected = std::nullopt,
      .scenario = [] { publish_and_poll<model_sync, MailboxFlaw::none>(); },
      .real_scenario = [] { publish_and_poll<real_sync, MailboxFlaw::none>(); },
  });
  interleave::register_model({
      .name = "mailbox/relaxed-flag",
      .primitive = "mailbox",
      .summary = "The same with the flag stored and loaded relaxed.",
      .flaw = "A relaxed store does not release and a relaxed load does not acquire: the reader that sees the "
              "flag has no happens-before to the writer's payload write, so the plain payload is a data race.",
      .passage = kPassage,
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { publish_and_poll<model_sync, MailboxFlaw::relaxed_flag>(); },
      .real_scenario = [] { publish_and_poll<real_sync, MailboxFlaw::relaxed_flag>(); },
  });
  interleave::register_model({
      .name = "mailbox/relaxed-flag-atomic-payload",
      .primitive = "mailbox",
      .summary = "The same with a relaxed flag and a relaxed atomic payload.",
      .flaw = "No race now, but nothing orders the payload store before the flag for the reader: it may see "
              "the flag raised and read the payload's initial 0 (the MP litmus test's weak outcome).",
      .passage = kPassage,
      .expected = interleave::ViolationKind::assertion,
      .scenario = [] { publish_and_poll<model_sync, MailboxFlaw::relaxed_flag_atomic_payload>(); },
      .real_scenario = [] { publish_and_poll<real_sync, MailboxFlaw::relaxed_flag_atomic_payload>(); },
  });
  return true;
}();

}  // namespace
