#include "casdoctor/report/build_table.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/report/text_table.hpp"

namespace casdoctor {
namespace {

// "Version 14.3 (Build 123.4)" is how AdminDisplayVersion reads; for 2010 it
// names only the service pack, and the look-up should say so.
BuildSource source_of(std::string_view text) {
  const auto t = trim(text);
  return t.size() >= 7 && iequals(t.substr(0, 7), "version") ? BuildSource::admin_display_version
                                                             : BuildSource::user;
}

std::string or_dash(const std::string& text) {
  return text.empty() ? std::string("-") : text;
}

std::string kb4294204_cell(Kb4294204 status) {
  switch (status) {
    case Kb4294204::fixed:
      return "fixed";
    case Kb4294204::susceptible:
      return "NOT fixed (susceptible)";
    case Kb4294204::not_applicable:
      return "not affected";
    case Kb4294204::unknown:
      break;
  }
  return "unknown";
}

TextTable table_of(std::span<const BuildLookup> rows, TimePoint today) {
  TextTable table({"BUILD", "PRODUCT", "UPDATE", "RELEASED", "KB4294204", "SUPPORT"});
  for (const auto& row : rows) {
    if (!row.info) {
      table.add_row({row.given, "not a build number"});
      continue;
    }
    const BuildInfo& info = *row.info;
    table.add_row({row.given, std::string(product_name(info.product)), or_dash(info.update),
                   or_dash(info.release_date), kb4294204_cell(info.kb4294204),
                   support_status(info.product, today)});
  }
  return table;
}

// One line per row that needs more than its cells: a note on an inexact
// match, or why a value is no build number (the message quotes it).
std::vector<std::string> notes_of(std::span<const BuildLookup> rows) {
  std::vector<std::string> notes;
  for (const auto& row : rows) {
    if (!row.info) {
      notes.push_back(row.error);
    } else if (!row.info->note.empty()) {
      notes.push_back(cat(row.given, ": ", row.info->note));
    }
  }
  return notes;
}

}  // namespace

std::vector<BuildLookup> look_up_builds(std::span<const std::string> values) {
  std::vector<BuildLookup> rows;
  for (const auto& value : values) {
    BuildLookup row;
    row.given = value;
    if (auto number = parse_build_number(value)) {
      row.info = lookup_build(*number, source_of(value));
    } else {
      row.error = number.error().message;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string support_status(Product product, TimePoint today) {
  if (product == Product::unknown) return "unknown";
  const auto end = end_of_support(product);
  if (!end) return "supported";
  return cat(past_end_of_support(product, today) ? "ended " : "until ", *end);
}

std::string render_build_table_text(std::span<const BuildLookup> rows, TimePoint today) {
  std::string out = table_of(rows, today).render_text();
  for (const auto& note : notes_of(rows)) out += cat("Note: ", terminal_safe(note), "\n");
  return out;
}

std::string render_build_table_markdown(std::span<const BuildLookup> rows, TimePoint today) {
  std::string out = table_of(rows, today).render_markdown();
  const auto notes = notes_of(rows);
  if (!notes.empty()) out += "\n";
  for (const auto& note : notes) out += cat("- ", markdown_escape(note), "\n");
  return out;
}

}  // namespace casdoctor
