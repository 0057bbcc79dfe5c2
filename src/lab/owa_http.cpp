// The HTTP pieces of the lab's OWA: form and cookie parsing, URL coding,
// response header lookup and the cadata session table.
#include <array>
#include <cstdio>
#ifndef _WIN32
#include <openssl/rand.h>
#endif
#include <random>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/owa.hpp"

namespace casdoctor::lab {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
#ifndef _WIN32
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
#endif
  {
    // The Windows build has no OpenSSL: mingw's random_device is rand_s
    // (RtlGenRandom), cryptographic too.
    std::random_device device;
    for (auto& b : raw) b = static_cast<unsigned char>(device());
  }
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : raw) {
    out += k_digits[b >> 4];
    out += k_digits[b & 0xF];
  }
  return out;
}

}  // namespace

std::optional<std::string> OwaResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

std::vector<std::string> OwaResponse::set_cookies() const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (iequals(n, "Set-Cookie")) out.push_back(v);
  return out;
}

std::string OwaSessions::open(const std::string& upn) {
  auto token = random_hex(32);
  const std::lock_guard lock(mutex_);
  sessions_[token] = upn;
  return token;
}

std::optional<std::string> OwaSessions::user_of(const std::string& cadata) const {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(cadata);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// As ASP.NET's HttpUtility.UrlEncode: lower-case hex, space as '+'.
std::string url_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '!' || c == '*' || c == '(' || c == ')') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      std::array<char, 4> buf{};
      std::snprintf(buf.data(), buf.size(), "%%%02x", u);
      out += buf.data();
    }
  }
  return out;
}

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = url_decode(pair.substr(0, eq), true);
    auto value =
        eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1), true);
    out.emplace(std::move(name), std::move(value));  // the first of repeated fields
  }
  return out;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  while (!header.empty()) {
    const auto semi = header.find(';');
    const auto pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(trim(pair.substr(0, eq))), std::string(trim(pair.substr(eq + 1))));
  }
  return out;
}

}  // namespace casdoctor::lab
