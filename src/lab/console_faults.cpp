#include "console_faults.hpp"

#include <random>

#include "casdoctor/core/utf8.hpp"

#include "../snapshot/markers.hpp"

namespace casdoctor::lab {
namespace {

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string garbled(GarbageOutput garbage, std::string document) {
  if (garbage == GarbageOutput::truncated) {
    document.resize(document.size() * 3 / 5);
    return document + "\n";
  }
  std::mt19937 random(static_cast<unsigned>(document.size()));
  std::uniform_int_distribution<int> printable(0x21, 0x7E);
  std::string noise(400, ' ');
  for (auto& ch : noise) ch = static_cast<char>(printable(random));
  return noise + "\n";
}

}  // namespace

bool console_faults_active(const Faults& faults) {
  return faults.garbage_output != GarbageOutput::none ||
         faults.output_encoding != OutputEncoding::utf8;
}

std::string ConsoleFilter::encoded(std::string_view utf8) {
  if (encoding_ != OutputEncoding::utf16le) return std::string(utf8);
  std::string out;
  if (!bom_written_) out = "\xFF\xFE";
  bom_written_ = true;
  return out + utf16le_from_utf8(utf8);
}

// One whole line (with its line end): held back between the markers.
std::string ConsoleFilter::line_out(std::string_view line) {
  if (!garble_ || garbage_ == GarbageOutput::none) return encoded(line);
  auto content = without_cr(line.substr(0, line.size() - 1));
  if (!inside_ && content == snapshot_detail::k_begin_marker) {
    inside_ = true;
    return encoded(line);
  }
  if (inside_ && content == snapshot_detail::k_end_marker) {
    inside_ = false;
    std::string out = encoded(garbled(garbage_, std::exchange(document_, {})));
    return out + encoded(line);
  }
  if (inside_) {
    document_.append(line);
    return {};
  }
  return encoded(line);
}

std::string ConsoleFilter::feed(std::string_view bytes) {
  std::string out;
  pending_.append(bytes);
  std::size_t start = 0;
  for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
    out += line_out(std::string_view(pending_).substr(start, nl + 1 - start));
    start = nl + 1;
  }
  pending_.erase(0, start);
  // Unfinished text outside the document goes on at once (a prompt, a hang).
  if (!inside_ && !pending_.empty() && (!garble_ || garbage_ == GarbageOutput::none))
    out += encoded(std::exchange(pending_, {}));
  return out;
}

std::string ConsoleFilter::finish() {
  std::string rest = std::exchange(document_, {}) + std::exchange(pending_, {});
  return rest.empty() ? std::string() : encoded(rest);
}

}  // namespace casdoctor::lab
