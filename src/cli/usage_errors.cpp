#include "usage_errors.hpp"

#include <optional>
#include <vector>

#include <CLI/CLI.hpp>

#include "casdoctor/cli/suggest.hpp"
#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::cli {
namespace {

std::string quoted(const std::string& text) {
  return cat("'", text, "'");
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto match = closest_match(word, candidates);
  return match ? cat("; did you mean ", quoted(*match), "?") : std::string();
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

// Every --long option of the chosen command and of the main app: the
// options a command line may use there.
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  std::vector<const CLI::App*> apps{&app};
  for (const auto* sub : app.get_subcommands()) apps.push_back(sub);
  for (const auto* where : apps) {
    for (const auto* option : where->get_options()) {
      for (const auto& name : option->get_lnames()) names.push_back(cat("--", name));
    }
  }
  return names;
}

const CLI::App* subcommand_named(const CLI::App& app, const std::string& name) {
  for (const auto* sub : app.get_subcommands({})) {
    if (sub->check_name(name)) return sub;
  }
  return nullptr;
}

// As CLI11 looks a config key up (App::_parse_single_config).
const CLI::Option* option_for_key(const CLI::App& app, const std::string& key) {
  if (const auto* option = app.get_option_no_throw(cat("--", key))) return option;
  if (key.size() == 1) {
    if (const auto* option = app.get_option_no_throw(cat("-", key))) return option;
  }
  return app.get_option_no_throw(key);
}

// The section a key belongs in, when it is not where it was found.
std::string where_it_belongs(const CLI::App& app, const std::string& key) {
  if (option_for_key(app, key) != nullptr)
    return "; it is a common option: put it at the top, before any section";
  std::vector<std::string> sections;
  for (const auto* sub : app.get_subcommands({})) {
    if (option_for_key(*sub, key) != nullptr) sections.push_back(cat("[", sub->get_name(), "]"));
  }
  if (sections.empty()) return "";
  return cat("; it belongs under ", join(sections));
}

std::optional<std::string> misplaced_key(const CLI::App& app, const CLI::ConfigItem& item) {
  const CLI::App* where = &app;
  for (const auto& parent : item.parents) {
    where = subcommand_named(*where, parent);
    if (where == nullptr) {
      return cat("unknown section [", parent, "]", did_you_mean(parent, command_names(app)));
    }
  }
  if (item.name == "++" || item.name == "--") return std::nullopt;
  if (option_for_key(*where, item.name) != nullptr) return std::nullopt;
  const std::string section =
      item.parents.empty() ? std::string("at the top") : cat("under [", item.parents.back(), "]");
  const std::string command =
      where == &app ? std::string("a common option") : cat("an option of ", where->get_name());
  return cat("unknown key ", quoted(item.name), " ", section, " (not ", command, ")",
             where_it_belongs(app, item.name));
}

}  // namespace

std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error) {
  const bool chosen = !app.get_subcommands().empty();
  for (const auto& word : app.remaining(true)) {
    if (word.starts_with("-")) {
      const std::string name = word.substr(0, word.find('='));
      return cat("unknown option ", quoted(name), did_you_mean(name, option_names(app)));
    }
    if (!chosen) {
      return cat("unknown command ", quoted(word), did_you_mean(word, command_names(app)),
                 " (commands: ", join(command_names(app)), ")");
    }
  }
  if (!chosen && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr)
    return cat("a command is required: ", join(command_names(app)));
  return error.what();
}

std::string explain_config_error(const CLI::App& app, const CLI::ConfigError& error) {
  const auto* config = app.get_config_ptr();
  const std::string file = config != nullptr ? config->as<std::string>() : std::string();
  if (file.empty()) return error.what();
  try {
    for (const auto& item : app.get_config_formatter()->from_file(file)) {
      if (auto problem = misplaced_key(app, item)) return cat("--config ", file, ": ", *problem);
    }
  } catch (const CLI::Error&) {
  }
  return cat("--config ", file, ": ", error.what());
}

}  // namespace casdoctor::cli
