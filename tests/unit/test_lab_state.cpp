// The lab's state file: the JSON form and the locked read-modify-write that
// parallel casdoctor-lab processes share.
#include <thread>

#include <catch2/catch.hpp>

#include "casdoctor/lab/state_json.hpp"

#include "lab_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;

TEST_CASE("lab state: parallel writers lose no update", "[lab]") {
  test::TempState file(test::story());
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w)
    writers.emplace_back([&file, w] {
      for (int i = 0; i < 15; ++i)
        REQUIRE(file.store().update([&](LabState& s) -> Result<void> {
          s.calls.push_back(CallRecord{test::story_now(), w, "command", "query", {}, {}, 0, {}});
          return {};
        }));
    });
  for (auto& t : writers) t.join();
  CHECK(file.read().calls.size() == 90);
}

TEST_CASE("lab state: JSON round trip and strict reading", "[lab]") {
  const auto state = test::story();
  const auto text = state_to_json(state);
  const auto back = state_from_json(text, "s.json");
  REQUIRE(back);
  CHECK(state_to_json(*back) == text);
  auto typo =
      state_from_json(R"({"schema": "casdoctor.lab/1", "faults": {"hnag": true}})", "s.json");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message == "s.json: /faults/hnag: unknown member");
  CHECK(typo.error().code == ExitCode::bad_input);
  CHECK_FALSE(state_from_json(R"({"schema": "other"})", "s.json"));
}
