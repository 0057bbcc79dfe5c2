// The quoting functions against PowerShell's lexical rules (the lab's
// tokenizer): a value PowerShell's console could misread (control
// characters, odd white space, bidi: ps_value_problem) is refused; any other
// stays one single-quoted literal whose content is the value itself.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/lab/ps_tokenizer.hpp"
#include "casdoctor/powershell/script_template.hpp"

#include "fuzz_support.hpp"

namespace casdoctor::fuzz {
namespace {

using lab::TokenKind;

struct Expected {
  TokenKind kind;
  std::string text;
};

std::string describe(const std::vector<lab::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    out.append(std::to_string(static_cast<int>(t.kind))).append(":[").append(t.text).append("] ");
  }
  return out;
}

void require_tokens(std::string_view script, const std::vector<Expected>& expected) {
  const auto tokens = lab::tokenize(script);
  require(tokens.has_value(), "the script does not tokenize: " + std::string(script));
  bool same = tokens->size() == expected.size();
  for (std::size_t i = 0; same && i < expected.size(); ++i) {
    same = (*tokens)[i].kind == expected[i].kind && (*tokens)[i].text == expected[i].text;
  }
  require(same, "a value left its literal: " + describe(*tokens));
}

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

// Any bytes, quoted, are one string token holding exactly those bytes, or
// refused when they could be misread.
void ps_quote(std::string_view input) {
  if (refused(input)) {
    require(refuses([&] { (void)casdoctor::ps_quote(input); }),
            "ps_quote quoted a value it must refuse");
    return;
  }
  const auto quoted = casdoctor::ps_quote(input);
  require_tokens(quoted, {{TokenKind::string, std::string(input)}});
}

// The input, cut at \x1f: a «literal» (without its closing »), a value and
// the items of a list, expanded into a command line; each lands in its own
// string token, and nothing else in the line changes.
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
  std::vector<Expected> expected = {{TokenKind::word, "Set-Item"}, {TokenKind::parameter, "Path"},
                                    {TokenKind::string, literal},  {TokenKind::parameter, "Value"},
                                    {TokenKind::string, text},     {TokenKind::parameter, "List"}};
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) expected.push_back({TokenKind::punct, ","});
    expected.push_back({TokenKind::string, list[i]});
  }
  expected.push_back({TokenKind::parameter, "Count"});
  expected.push_back({TokenKind::number, std::to_string(count)});
  require_tokens(script, expected);
}

}  // namespace casdoctor::fuzz
