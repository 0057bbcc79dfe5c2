// sys::path_from_utf8 / path_to_utf8: a UTF-8 name is the same file name on
// every platform (on Windows through UTF-16; mingw's path(std::string) would
// read the bytes as Latin-1 and name another file).
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/path.hpp"

namespace fs = std::filesystem;
using casdoctor::sys::path_from_utf8;
using casdoctor::sys::path_to_utf8;

TEST_CASE("a UTF-8 file name round-trips through a path", "[path]") {
  const std::string name =
      "\xE6\x9D\xB1\xE4\xBA\xAC \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0.json";
  const fs::path path = path_from_utf8(name);
  CHECK(path_to_utf8(path) == name);
  CHECK(path.u8string() == std::u8string(name.begin(), name.end()));
}

TEST_CASE("a file named in UTF-8 is written and read back by that name", "[path]") {
  const fs::path dir = fs::temp_directory_path() / path_from_utf8("casdoctor-path-\xD0\x9C");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path file = dir / path_from_utf8("\xE6\x9D\xB1\xE4\xBA\xAC.txt");
  REQUIRE(casdoctor::sys::write_file(file, "x\n").has_value());
  auto bytes = casdoctor::sys::read_file_bytes(file);
  REQUIRE(bytes.has_value());
  CHECK(*bytes == "x\n");
  // The name on disk is the UTF-8 one, listed as such.
  bool found = false;
  for (const auto& entry : fs::directory_iterator(dir))
    found = found || path_to_utf8(entry.path().filename()) == "\xE6\x9D\xB1\xE4\xBA\xAC.txt";
  CHECK(found);
  fs::remove_all(dir);
}
