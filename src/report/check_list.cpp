#include "casdoctor/report/check_list.hpp"

#include <nlohmann/json.hpp>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/text_table.hpp"

#include "html_parts.hpp"

namespace casdoctor {
namespace {

std::string check_list_json(std::span<const Check> checks) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& check : checks) {
    list.push_back({{"id", check.info.id},
                    {"severity", to_string(check.info.severity)},
                    {"title", check.info.title},
                    {"explanation", check.info.explanation}});
  }
  return nlohmann::ordered_json{{"checks", list}}.dump(2) + "\n";
}

std::string check_list_html(std::span<const Check> checks) {
  using namespace detail;
  std::vector<std::vector<std::string>> rows;
  for (const auto& check : checks) {
    rows.push_back({std::string(check.info.id), std::string(to_string(check.info.severity)),
                    std::string(check.info.title), std::string(check.info.explanation)});
  }
  const std::string body =
      cat("<main>\n<section>\n<h2>casdoctor checks</h2>\n",
          html_table({"ID", "SEVERITY", "TITLE", "EXPLANATION"}, rows), "</section>\n</main>\n");
  return html_page("casdoctor checks", body);
}

std::string check_list_table(std::span<const Check> checks, bool markdown) {
  TextTable table({"ID", "SEVERITY", "TITLE"});
  for (const auto& check : checks) {
    table.add_row({std::string(check.info.id), std::string(to_string(check.info.severity)),
                   std::string(check.info.title)});
  }
  std::string out = (markdown ? table.render_markdown() : table.render_text()) + "\n";
  for (const auto& check : checks) {
    out += markdown ? cat("- **", check.info.id, "**: ", check.info.explanation, "\n")
                    : cat(check.info.id, ": ", check.info.explanation, "\n");
  }
  return out;
}

}  // namespace

std::string render_check_list(std::span<const Check> checks, OutputFormat format) {
  switch (format) {
    case OutputFormat::json:
      return check_list_json(checks);
    case OutputFormat::html:
      return check_list_html(checks);
    case OutputFormat::markdown:
      return check_list_table(checks, true);
    case OutputFormat::text:
      break;
  }
  return check_list_table(checks, false);
}

}  // namespace casdoctor
