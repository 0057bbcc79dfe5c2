// casdoctor_fuzz_replay TARGET DIR...: every file in the directories (the
// seeds and the saved crashes of tests/fuzz) through the fuzz target, in the
// normal build. Exit 1 naming each file that breaks a property or throws.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "targets.hpp"

namespace {

namespace fs = std::filesystem;
using casdoctor::fuzz::Target;

const Target* find_target(std::string_view name) {
  for (const auto& target : casdoctor::fuzz::all_targets()) {
    if (target.name == name) return &target;
  }
  return nullptr;
}

std::vector<fs::path> files_in(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> files;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool replay(const Target& target, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    target.run(input);
    return true;
  } catch (const std::exception& e) {
    std::cerr << file.string() << ": " << e.what() << "\n";
  } catch (...) {
    std::cerr << file.string() << ": an exception that is not std::exception\n";
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: casdoctor_fuzz_replay TARGET DIR...\n";
    return 64;
  }
  const Target* target = find_target(argv[1]);
  if (target == nullptr) {
    std::cerr << "no fuzz target " << argv[1] << "\n";
    return 64;
  }
  const auto files = files_in(std::vector<fs::path>(argv + 2, argv + argc));
  if (files.empty()) {
    std::cerr << "nothing to replay for " << argv[1] << "\n";
    return 1;
  }
  int failed = 0;
  for (const auto& file : files) failed += replay(*target, file) ? 0 : 1;
  std::cout << target->name << ": " << files.size() << " inputs, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
