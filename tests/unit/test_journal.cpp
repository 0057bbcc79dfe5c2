// FileJournal on a real file: private mode, one line per event, appended and
// on disk at once, errors surfaced; where the journal lives by default; the
// SHA-256 digest of step outputs (FIPS 180-4 test vectors).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/sha256.hpp"
#include "casdoctor/remediate/journal.hpp"
#include "casdoctor/sys/prompt.hpp"
#include "casdoctor/sys/user_files.hpp"

#include "../helpers/scoped_env.hpp"

#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace {

namespace fs = std::filesystem;
using casdoctor::FileJournal;
using Json = nlohmann::ordered_json;

fs::path scratch_dir(const std::string& name) {
  static int counter = 0;
  const fs::path dir =
      fs::temp_directory_path() /
      ("casdoctor-journal-" + name + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
       std::to_string(++counter));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

using casdoctor::test::ScopedEnv;

}  // namespace

TEST_CASE("journal appends one line per event, on disk before write returns", "[journal]") {
  const fs::path dir = scratch_dir("lines");
  const fs::path path = dir / "state" / "journal.jsonl";  // the folder is created
  auto journal = FileJournal::open(path);
  REQUIRE(journal.has_value());
  REQUIRE((*journal)->write(Json{{"event", "intent"}, {"command", "a\nb \"c\""}}).has_value());
  // Read while the journal is still open: nothing waits in a buffer.
  std::vector<std::string> lines = lines_of(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == R"({"event":"intent","command":"a\nb \"c\""})");
  REQUIRE((*journal)->write(Json{{"event", "outcome"}}).has_value());
  CHECK(lines_of(path).size() == 2);
  journal->reset();

  // Reopening appends, never truncates.
  auto again = FileJournal::open(path);
  REQUIRE(again.has_value());
  REQUIRE((*again)->write(Json{{"event", "start"}}).has_value());
  lines = lines_of(path);
  REQUIRE(lines.size() == 3);
  for (const std::string& line : lines) CHECK(Json::parse(line).is_object());
  again->reset();  // Windows cannot remove an open file
  fs::remove_all(dir);
}

#ifndef _WIN32
TEST_CASE("journal file is created with mode 0600", "[journal]") {
  const fs::path dir = scratch_dir("mode");
  const fs::path path = dir / "journal.jsonl";
  const mode_t old_mask = ::umask(0);  // even with a permissive umask
  auto journal = FileJournal::open(path);
  ::umask(old_mask);
  REQUIRE(journal.has_value());
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  fs::remove_all(dir);
}

TEST_CASE("journal surfaces open and write errors", "[journal]") {
  SECTION("a folder that cannot be created") {
    auto journal = FileJournal::open("/dev/null/casdoctor/journal.jsonl");
    REQUIRE_FALSE(journal.has_value());
    CHECK(journal.error().message.find("/dev/null/casdoctor") != std::string::npos);
  }
  SECTION("a file that cannot be opened") {
    const fs::path dir = scratch_dir("denied");
    const fs::path path = dir / "journal.jsonl";
    fs::create_directory(path);  // a directory where the file should be
    auto journal = FileJournal::open(path);
    REQUIRE_FALSE(journal.has_value());
    CHECK(journal.error().message.find("cannot open '" + path.string()) != std::string::npos);
    fs::remove_all(dir);
  }
  SECTION("a full disk") {
    if (!fs::exists("/dev/full")) {
      WARN("no /dev/full: the full-disk case is not tested here");
      return;
    }
    auto journal = FileJournal::open("/dev/full");
    REQUIRE(journal.has_value());
    auto written = (*journal)->write(Json{{"event", "intent"}});
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().message.find("cannot write '/dev/full'") != std::string::npos);
  }
}

TEST_CASE("default journal path follows XDG_STATE_HOME, else HOME", "[journal]") {
  {
    const ScopedEnv xdg("XDG_STATE_HOME", "/var/tmp/xdg");
    CHECK(casdoctor::default_journal_path() == fs::path("/var/tmp/xdg/casdoctor/journal.jsonl"));
  }
  const ScopedEnv xdg("XDG_STATE_HOME", nullptr);
  const ScopedEnv home("HOME", "/home/ops");
  CHECK(casdoctor::default_journal_path() ==
        fs::path("/home/ops/.local/state/casdoctor/journal.jsonl"));
}

TEST_CASE("operator name comes from USER", "[journal]") {
  const ScopedEnv user("USER", "ops");
  CHECK(casdoctor::sys::operator_name() == "ops");
}
#endif

TEST_CASE("sha256 matches the FIPS 180-4 test vectors", "[journal]") {
  using casdoctor::sha256_hex;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the padding boundary (55, 56, 64 bytes) against known digests.
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("ask_yes_no is yes only for y or yes", "[journal][prompt]") {
  const auto answer = [](const std::string& input) {
    std::istringstream in(input);
    std::ostringstream out;
    const bool yes = casdoctor::sys::ask_yes_no("Run 6 steps on 2 servers?", in, out);
    CHECK(out.str().starts_with("Run 6 steps on 2 servers? [y/N] "));
    return yes;
  };
  CHECK(answer("y\n"));
  CHECK(answer(" YES \r\n"));
  CHECK(answer("Yes"));
  CHECK_FALSE(answer("\n"));
  CHECK_FALSE(answer(""));
  CHECK_FALSE(answer("no\n"));
  CHECK_FALSE(answer("yep\n"));
}
