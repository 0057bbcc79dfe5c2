// The journal's promise (sys/user_files.hpp, docs/execution.md): appending
// only, every write landing at the end in one piece "even with another
// writer". Two casdoctor runs at once (two admins, or a run left behind) must
// both be able to record what they do; on Windows the file used to be opened
// without FILE_SHARE_WRITE, so the second run's journal failed to open and
// its remediation could not start.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "casdoctor/remediate/journal.hpp"
#include "casdoctor/sys/path.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("a second journal writer appends alongside the first", "[journal]") {
  // A non-ASCII folder as well: the path goes through sys::path_from_utf8.
  const fs::path dir = fs::temp_directory_path() /
                       casdoctor::sys::path_from_utf8("casdoctor-journal-\xE6\x9D\xB1\xE4\xBA\xAC");
  fs::remove_all(dir);
  const fs::path path = dir / "journal.jsonl";
  auto first = casdoctor::FileJournal::open(path);
  REQUIRE(first.has_value());
  auto second = casdoctor::FileJournal::open(path);
  INFO((second ? std::string() : second.error().message));
  REQUIRE(second.has_value());
  REQUIRE((*first)->write({{"run", 1}, {"n", 1}}).has_value());
  REQUIRE((*second)->write({{"run", 2}, {"n", 1}}).has_value());
  REQUIRE((*first)->write({{"run", 1}, {"n", 2}}).has_value());
  REQUIRE((*second)->write({{"run", 2}, {"n", 2}}).has_value());
  first->reset();
  second->reset();
  CHECK(lines_of(path) == std::vector<std::string>{R"({"run":1,"n":1})", R"({"run":2,"n":1})",
                                                   R"({"run":1,"n":2})", R"({"run":2,"n":2})"});
  fs::remove_all(dir);
}
