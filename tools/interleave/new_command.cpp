// `interleave new NAME [--dir DIR]`: the skeleton of a primitive of one's own,
// as a project built against the installed package: the primitive (a
// template over the sync policy), its models (the correct one and a teaching
// variant that must be caught), a RapidCheck property on real threads, and a
// CMakeLists.txt that calls interleave_add_model. It compiles and passes as
// is; the user replaces the counter inside with their own primitive.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "commands.hpp"
#include "report_commands.hpp"

namespace interleave::cli {
namespace {

constexpr const char* kPrimitive = R"(// @Type@: a counter whose increments are locked; the flaw `unlocked` leaves
// the read-modify-write unprotected. Replace it with your primitive, written
// once over the sync policy: real_sync on real threads, model_sync in models.
#pragma once

#include "interleave/real_sync.hpp"

enum class @Type@Flaw { none, unlocked };

template <class Sync = interleave::real_sync, @Type@Flaw Flaw = @Type@Flaw::none>
class @Type@ {
 public:
  void increment() {
    if constexpr (Flaw == @Type@Flaw::unlocked) {
      count_.set(count_.get() + 1);
    } else {
      Lock hold(m_);
      count_.set(count_.get() + 1);
    }
  }

  int value() {
    Lock hold(m_);
    return count_.get();
  }

 private:
  using Lock = typename Sync::template unique_lock<typename Sync::mutex>;
  typename Sync::mutex m_{"@name@.m"};
  typename Sync::template shared<int> count_{0, "@name@.count"};
};
)";

constexpr const char* kModel = R"(// Models of @Type@: every interleaving of two threads incrementing once.
// "@name@" must hold; "@name@/unlocked" must be caught (a data race).
#include "@name@.hpp"
#include "interleave/interleave.hpp"
#include "models/registry.hpp"

namespace {

template <@Type@Flaw Flaw>
void two_increments() {
  @Type@<interleave::model_sync, Flaw> counter;
  interleave::run_together({[&] { counter.increment(); }, [&] { counter.increment(); }});
  interleave::assert_that(counter.value() == 2, "no increment lost");
}

const bool registered = [] {
  interleave::register_model({
      .name = "@name@",
      .primitive = "@name@",
      .summary = "Two threads increment once each: the count ends at two.",
      .scenario = [] { two_increments<@Type@Flaw::none>(); },
      .options = {.strategy = interleave::Strategy::dpor},
  });
  interleave::register_model({
      .name = "@name@/unlocked",
      .primitive = "@name@",
      .summary = "The same, without the lock.",
      .flaw = "The read-modify-write is not locked: two increments can read the same count.",
      .expected = interleave::ViolationKind::data_race,
      .scenario = [] { two_increments<@Type@Flaw::unlocked>(); },
      .options = {.strategy = interleave::Strategy::dpor},
  });
  return true;
}();

}  // namespace
)";

constexpr const char* kProperty = R"(// @Type@ on real threads: random numbers of threads and increments, none lost.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thread>
#include <vector>

#include "@name@.hpp"

RC_GTEST_PROP(@Type@, NoIncrementIsLost, ()) {
  const int threads = *rc::gen::inRange(1, 8);
  const int each = *rc::gen::inRange(0, 200);
  @Type@<> counter;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < each; ++i) counter.increment();
    });
  for (std::thread& t : pool) t.join();
  RC_ASSERT(counter.value() == threads * each);
}
)";

constexpr const char* kCMake = R"(cmake_minimum_required(VERSION 3.25)
project(@name@ LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

find_package(interleave REQUIRED)
find_package(GTest REQUIRED)
find_package(rapidcheck REQUIRED)
enable_testing()

# ./interleave check @name@ (this project's own CLI), ctest: interleave.@name@
# (the gate), @name@_properties (real threads) and @name@_properties_tsan.
interleave_add_model(NAME @name@ SOURCES @name@_model.cpp PROPERTIES @name@_test.cpp TSAN)
target_include_directories(interleave PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
)";

/// "my-latch" -> "MyLatch".
std::string type_name_of(const std::string& name) {
  std::string type;
  bool upper = true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    type += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return type;
}

std::string filled(std::string text, const std::string& name, const std::string& type) {
  for (const auto& [key, value] : {std::pair{std::string("@name@"), name}, std::pair{std::string("@Type@"), type}})
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

}  // namespace

void add_new(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("new", "Write the skeleton of a primitive of your own, with models and a property");
  auto name = std::make_shared<std::string>();
  auto dir = std::make_shared<std::string>();
  cmd->add_option("name", *name, "the primitive's name: letters, digits, '-' and '_'")
      ->required()
      ->check(CLI::Validator(
          [](std::string& n) -> std::string {
            const bool fits = !n.empty() && std::isalpha(static_cast<unsigned char>(n[0])) &&
                              std::all_of(n.begin(), n.end(), [](char c) {
                                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                              });
            return fits ? "" : "a name starts with a letter and has only letters, digits, '-' and '_'";
          },
          "NAME"));
  cmd->add_option("--dir", *dir, "the project folder to create (default: NAME)");
  cmd->callback([name, dir, &exit_code] {
    const std::filesystem::path folder = dir->empty() ? std::filesystem::path(*name) : std::filesystem::path(*dir);
    if (std::filesystem::exists(folder / "CMakeLists.txt"))
      throw std::runtime_error(fmt::format("{} already has a CMakeLists.txt: not overwritten", folder.string()));
    create_output_folder(folder);
    const std::string type = type_name_of(*name);
    write_file(folder / (*name + ".hpp"), filled(kPrimitive, *name, type));
    write_file(folder / (*name + "_model.cpp"), filled(kModel, *name, type));
    write_file(folder / (*name + "_test.cpp"), filled(kProperty, *name, type));
    write_file(folder / "CMakeLists.txt", filled(kCMake, *name, type));
    fmt::print(
        "wrote {}: build it with\n  cmake -S {} -B {}/build && cmake --build {}/build && ctest --test-dir {}/build\n",
        folder.string(), folder.string(), folder.string(), folder.string(), folder.string());
    exit_code = ok;
  });
}

}  // namespace interleave::cli
