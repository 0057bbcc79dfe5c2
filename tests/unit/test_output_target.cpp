// -o FILE: checked before any work (exit 73), written whole (temp + rename).
#ifndef _WIN32

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "casdoctor/cli/output_target.hpp"

namespace casdoctor::cli {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/casdoctor-output-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
};

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("output target: stdout and a new file in a folder are fine", "[output]") {
  TempDir dir;
  CHECK(check_output_target("").has_value());
  CHECK(check_output_target(dir.path / "report.md").has_value());
  CHECK(entries(dir.path) == 0);  // the probe is gone
}

TEST_CASE("output target: a missing folder or a folder as the file is exit 73", "[output]") {
  TempDir dir;
  const auto missing = check_output_target(dir.path / "no-such-folder" / "report.md");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == k_exit_cant_create);
  CHECK(to_int(missing.error().code) == 73);
  CHECK(missing.error().message.find("no-such-folder") != std::string::npos);
  CHECK(missing.error().message.find("does not exist") != std::string::npos);

  const auto folder = check_output_target(dir.path);
  REQUIRE_FALSE(folder.has_value());
  CHECK(folder.error().code == k_exit_cant_create);
  CHECK(folder.error().message.find("folder") != std::string::npos);

  std::ofstream(dir.path / "plain-file") << "x";
  const auto under_file = check_output_target(dir.path / "plain-file" / "report.md");
  REQUIRE_FALSE(under_file.has_value());
  CHECK(under_file.error().code == k_exit_cant_create);
}

TEST_CASE("output target: a folder without write permission is exit 73", "[output]") {
  if (geteuid() == 0) {
    WARN("running as root: permissions do not stop root, case skipped");
    return;
  }
  TempDir dir;
  fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
  const auto denied = check_output_target(dir.path / "report.md");
  REQUIRE_FALSE(denied.has_value());
  CHECK(denied.error().code == k_exit_cant_create);
  CHECK(denied.error().message.find("Permission denied") != std::string::npos);
}

TEST_CASE("output target: an existing file is checked without being changed", "[output]") {
  TempDir dir;
  const auto file = dir.path / "old.md";
  std::ofstream(file) << "old report";
  CHECK(check_output_target(file).has_value());
  CHECK(contents(file) == "old report");
}

TEST_CASE("output target: written via a new file and a rename, keeping the mode", "[output]") {
  TempDir dir;
  const auto file = dir.path / "report.md";
  REQUIRE(write_output_file(file, "first\n").has_value());
  CHECK(contents(file) == "first\n");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  struct stat before {};
  REQUIRE(::stat(file.c_str(), &before) == 0);
  REQUIRE(write_output_file(file, "second\n").has_value());
  CHECK(contents(file) == "second\n");
  struct stat after {};
  REQUIRE(::stat(file.c_str(), &after) == 0);
  CHECK(after.st_ino != before.st_ino);  // a new file took the name: never half-written
  CHECK((after.st_mode & 07777) == 0640);
  CHECK(entries(dir.path) == 1);  // no temporary file left behind
}

TEST_CASE("output target: a symbolic link is written through, not replaced", "[output]") {
  TempDir dir;
  const auto target = dir.path / "target.md";
  const auto link = dir.path / "link.md";
  std::ofstream(target) << "old";
  fs::create_symlink(target, link);
  REQUIRE(write_output_file(link, "new").has_value());
  CHECK(fs::is_symlink(link));
  CHECK(contents(target) == "new");
}

}  // namespace casdoctor::cli

#endif
