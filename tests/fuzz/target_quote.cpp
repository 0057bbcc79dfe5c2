// The quoting functions against PowerShell's lexical rules for a verbatim
// string literal (verbatim_literal.hpp, from the language specification): a
// value PowerShell's console could misread (control characters, odd white
// space, bidi: ps_value_problem) is refused; any other becomes one
// single-quoted literal whose value is the value itself.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/powershell/script_template.hpp"

#include "fuzz_support.hpp"
#include "verbatim_literal.hpp"

namespace casdoctor::fuzz {
namespace {

// Reads a script against its expected shape, piece by piece.
class ScriptReader {
 public:
  explicit ScriptReader(std::string_view script) : script_(script) {}

  // The script goes on with exactly `text`.
  void expect_text(std::string_view text) {
    require(script_.substr(pos_, text.size()) == text,
            "the script changed around the values: " + std::string(script_));
    pos_ += text.size();
  }
  // A verbatim literal follows, whose value is `value`.
  void expect_literal(std::string_view value) {
    const auto literal = read_verbatim_literal(script_, pos_);
    require(literal.has_value(),
            "no closed literal where a value belongs: " + std::string(script_));
    require(literal->value == value, "a literal does not hold its value: " + std::string(script_));
    pos_ = literal->end;
  }
  void expect_end() const {
    require(pos_ == script_.size(), "a value left its literal: " + std::string(script_));
  }

 private:
  std::string_view script_;
  std::size_t pos_ = 0;
};

bool refused(std::string_view value) {
  return ps_value_problem(value, std::numeric_limits<std::size_t>::max()).has_value();
}

// Quoting a value ps_value_problem names must throw, never produce a script.
template <class Make>
bool refuses(Make&& make) {
  try {
    make();
  } catch (const std::invalid_argument&) {
    return true;
  }
  return false;
}

}  // namespace

// Any bytes, quoted, are one verbatim literal holding exactly those bytes,
// or refused when they could be misread.
void ps_quote(std::string_view input) {
  if (refused(input)) {
    require(refuses([&] { (void)casdoctor::ps_quote(input); }),
            "ps_quote quoted a value it must refuse");
    return;
  }
  const auto quoted_text = casdoctor::ps_quote(input);
  ScriptReader quoted(quoted_text);
  quoted.expect_literal(input);
  quoted.expect_end();
}

// The input, cut at \x1f: a «literal» (without its closing »), a value and
// the items of a list, expanded into a command line; each lands in its own
// verbatim literal, and nothing else in the line changes.
void script_template(std::string_view input) {
  auto pieces = split(input, "\x1f");
  std::string literal(pieces[0]);
  for (auto at = literal.find("\xC2\xBB"); at != std::string::npos; at = literal.find("\xC2\xBB"))
    literal.erase(at, 2);
  const std::string text(pieces.size() > 1 ? pieces[1] : std::string_view());
  std::vector<std::string> list;
  for (std::size_t i = 2; i < pieces.size(); ++i) list.emplace_back(pieces[i]);
  const auto count = static_cast<std::int64_t>(input.size());

  const std::string script_template =
      "Set-Item -Path \xC2\xAB" + literal + "\xC2\xBB -Value @@text@@ -List @@list@@ -Count @@n@@";
  const ScriptValues values{{"text", text}, {"list", list}, {"n", count}};
  const bool must_refuse =
      refused(literal) || refused(text) ||
      std::any_of(list.begin(), list.end(), [](const auto& v) { return refused(v); });
  if (must_refuse) {
    require(refuses([&] { (void)expand_script(script_template, values); }),
            "expand_script placed a value it must refuse");
    return;
  }
  const auto script = expand_script(script_template, values);
  ScriptReader reader(script);
  reader.expect_text("Set-Item -Path ");
  reader.expect_literal(literal);
  reader.expect_text(" -Value ");
  reader.expect_literal(text);
  reader.expect_text(" -List ");
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) reader.expect_text(", ");
    reader.expect_literal(list[i]);
  }
  reader.expect_text(" -Count " + std::to_string(count));
  reader.expect_end();
}

}  // namespace casdoctor::fuzz
