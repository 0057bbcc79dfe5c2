#pragma once
// `casdoctor-lab serve`: one HTTPS listener per 2013+ front end on loopback,
// answering OWA's forms logon from the state file (docs/lab.md).
#include <optional>
#include <string>

namespace casdoctor::lab {

struct ServeOptions {
  std::string state;                     // the state file
  std::optional<std::string> cert_file;  // PEM; with key_file, instead of generated ones
  std::optional<std::string> key_file;
  std::optional<std::string> port_file;  // where to write the listeners as JSON
};

// Serves until SIGINT/SIGTERM; the exit code.
int serve(const ServeOptions& options);

}  // namespace casdoctor::lab
