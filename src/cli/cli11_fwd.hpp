#pragma once
// The CLI11 names the src/cli headers mention. CLI/CLI.hpp defines its
// validators as objects in every file that includes it (about 6 CPU-seconds
// of optimising each time, docs/performance.md), so only the files that
// declare options or read parse errors include it.
namespace CLI {
class App;
class ParseError;
class ConfigError;
}  // namespace CLI
