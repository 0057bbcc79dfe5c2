// --snapshot <(cmd) and FIFOs: files without a size are read in chunks.
#ifndef _WIN32

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "casdoctor/sys/console.hpp"

namespace casdoctor::sys {

TEST_CASE("read_file_bytes: a FIFO is read to its end", "[sys]") {
  char dir_name[] = "/tmp/casdoctor-fifo-XXXXXX";
  REQUIRE(mkdtemp(dir_name) != nullptr);
  const std::filesystem::path fifo = std::filesystem::path(dir_name) / "snapshot";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // More than one chunk, and not a multiple of it.
  std::string sent(200000, 'x');
  for (std::size_t i = 0; i < sent.size(); i += 997) sent[i] = static_cast<char>('a' + i % 26);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << sent; });
  const auto bytes = read_file_bytes(fifo);
  writer.join();
  std::filesystem::remove_all(dir_name);
  REQUIRE(bytes.has_value());
  CHECK(bytes->size() == sent.size());
  CHECK(*bytes == sent);
}

TEST_CASE("read_file_bytes: a missing file names the path and the reason", "[sys]") {
  const auto bytes = read_file_bytes("/tmp/casdoctor-no-such-file-here/snapshot.json");
  REQUIRE_FALSE(bytes.has_value());
  CHECK(bytes.error().message.find("no-such-file-here") != std::string::npos);
  CHECK(bytes.error().code == ExitCode::bad_input);
}

}  // namespace casdoctor::sys

#endif
