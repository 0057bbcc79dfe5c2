#include "casdoctor/core/secret.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "casdoctor/core/concat.hpp"

namespace casdoctor {
namespace {

// Larger than any small-string buffer: the bytes always live on the heap.
constexpr std::size_t k_min_capacity = 64;

void wipe_bytes(char* data, std::size_t size) noexcept {
  volatile char* p = data;
  for (std::size_t i = 0; i < size; ++i) p[i] = '\0';
}

// The variable's value in the environment, wiped there and removed.
std::optional<SecretString> take_env(const std::string& name) {
  char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  SecretString secret;
  secret.append(std::string_view(value));
  wipe_bytes(value, std::strlen(value));
#ifdef _WIN32
  _putenv_s(name.c_str(), "");
#else
  unsetenv(name.c_str());
#endif
  return secret;
}

// What hold_secret_env took, by variable name: the environment's stand-in.
struct HeldSecrets {
  std::mutex mutex;
  std::map<std::string, SecretString, std::less<>> by_name;
};

HeldSecrets& held() {
  static HeldSecrets secrets;
  return secrets;
}

}  // namespace

void wipe(std::string& text) noexcept {
  wipe_bytes(text.data(), text.size());
  text.clear();
}

SecretString::SecretString() {
  value_.reserve(k_min_capacity);
}

SecretString::SecretString(std::string& text) : SecretString() {
  append(text);
  wipe(text);
}

SecretString::SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {
  other.clear();
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    clear();
    value_.swap(other.value_);
    other.clear();
  }
  return *this;
}

SecretString::~SecretString() {
  clear();
}

void SecretString::append(std::string_view bytes) {
  const std::size_t needed = value_.size() + bytes.size();
  if (needed > value_.capacity()) {
    std::string bigger;
    bigger.reserve(std::max(needed * 2, k_min_capacity));
    bigger.append(value_);
    wipe(value_);
    value_.swap(bigger);
  }
  value_.append(bytes);
}

void SecretString::clear() noexcept {
  wipe(value_);
}

Result<SecretString> secret_from_env(const std::string& name) {
  std::optional<SecretString> secret = take_env(name);
  {
    const std::lock_guard lock(held().mutex);
    if (auto it = held().by_name.find(name); it != held().by_name.end()) {
      if (!secret) secret = std::move(it->second);
      held().by_name.erase(it);
    }
  }
  if (!secret || secret->empty()) {
    return make_error(ExitCode::usage, cat("no password: set the environment variable ", name,
                                           " (see --password-env) or use --password-stdin"));
  }
  return std::move(*secret);
}

void hold_secret_env(const std::string& name) {
  std::optional<SecretString> secret = take_env(name);
  if (!secret) return;
  const std::lock_guard lock(held().mutex);
  held().by_name.insert_or_assign(name, std::move(*secret));
}

void mask_secrets(std::string& text, std::initializer_list<std::string_view> secrets) {
  std::string masked;
  masked.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    std::size_t longest = 0;
    for (const std::string_view secret : secrets) {
      if (secret.size() > longest && std::string_view(text).substr(at).starts_with(secret))
        longest = secret.size();
    }
    if (longest == 0) {
      masked.push_back(text[at++]);
    } else {
      masked.append("***");
      at += longest;
    }
  }
  wipe(text);
  text = std::move(masked);
}

SecretString secret_from_line(std::string_view bytes) {
  const auto end = bytes.find('\n');
  auto line = bytes.substr(0, end);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  SecretString secret;
  secret.append(line);
  return secret;
}

Result<SecretString> secret_from_stdin() {
  SecretString secret;
  std::string chunk;
  chunk.reserve(k_min_capacity);
  int c = 0;
  bool any = false;
  while ((c = std::fgetc(stdin)) != EOF) {
    any = true;
    if (c == '\n') break;
    const char byte = static_cast<char>(c);
    secret.append(std::string_view(&byte, 1));
  }
  // A trailing CR of a CRLF line.
  if (!secret.empty() && secret.view().back() == '\r') {
    std::string rest(secret.view().data(), secret.size() - 1);
    secret.clear();
    secret.append(rest);
    wipe(rest);
  }
  if (!any || secret.empty()) {
    return make_error(ExitCode::usage, "no password: --password-stdin read an empty line");
  }
  return secret;
}

}  // namespace casdoctor
