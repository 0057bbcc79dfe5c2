#pragma once
// A password in memory: one owner, its bytes wiped when it goes away. It
// cannot be copied or printed (no operator<<, no formatter); code that must
// hand the bytes on (the logon's POST body) reads them with view() and wipes
// its own copy with wipe().
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

// Overwrites every byte of `text` (through a volatile pointer, so that the
// compiler keeps the stores) and clears it.
void wipe(std::string& text) noexcept;

class SecretString {
 public:
  SecretString();
  // Takes the bytes and wipes `text`.
  explicit SecretString(std::string& text);
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString();

  bool empty() const noexcept { return value_.empty(); }
  std::size_t size() const noexcept { return value_.size(); }
  // The bytes; the reference lives as long as this object.
  const std::string& view() const noexcept { return value_; }
  // Appends without leaving copies behind when the buffer has to grow.
  void append(std::string_view bytes);
  void clear() noexcept;

 private:
  std::string value_;  // always on the heap, so that a move hands over the buffer
};

// The password from the environment variable `name` (or what
// hold_secret_env took from it). The variable is wiped in place and
// removed, so that no child process inherits it. An error (ExitCode::usage)
// when it is not set or empty.
Result<SecretString> secret_from_env(const std::string& name);

// Takes the variable `name` out of the environment now (wiped in place and
// removed), keeping its value for a later secret_from_env(name): for a
// command that starts child processes before it knows whether it needs the
// password. Nothing happens when it is not set.
void hold_secret_env(const std::string& name);

// Every occurrence of any of `secrets` in `text` becomes "***" (the longest
// where several match at one place), in one pass over the text as it was: a
// mask is never searched again, so a secret that the mask contains ("*")
// cannot make it loop. Empty secrets are ignored.
void mask_secrets(std::string& text, std::initializer_list<std::string_view> secrets);

// One line of stdin, the trailing CR/LF stripped. An error (ExitCode::usage)
// when stdin is empty.
Result<SecretString> secret_from_stdin();

// The same from any stream of bytes (tests): reads one line.
SecretString secret_from_line(std::string_view bytes);

}  // namespace casdoctor
