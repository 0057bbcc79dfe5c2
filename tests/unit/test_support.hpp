#pragma once
// Helpers shared by the unit tests: fixture files and the JSON documents that
// the schema test validates afterwards.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

namespace casdoctor::test {

inline std::filesystem::path fixture_path(const std::string& relative) {
  return std::filesystem::path(CASDOCTOR_TEST_FIXTURES) / relative;
}

inline std::filesystem::path example_path(const std::string& relative) {
  return std::filesystem::path(CASDOCTOR_EXAMPLES) / relative;
}

// Bytes exactly as stored (no newline translation).
inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string read_fixture(const std::string& relative) {
  return read_bytes(fixture_path(relative));
}

// Keeps a JSON report produced by a test for tests/schema/validate_reports.py.
inline void keep_json_document(const std::string& name, const std::string& document) {
  const char* dir = std::getenv("CASDOCTOR_JSON_OUT");
  if (dir == nullptr || *dir == '\0') return;
  std::filesystem::create_directories(dir);
  std::ofstream out(std::filesystem::path(dir) / ("unit-" + name + ".json"), std::ios::binary);
  out << document;
}

}  // namespace casdoctor::test
