#pragma once
// SHA-256 (FIPS 180-4), small and dependency-free: the journal records a
// digest of each step's output rather than the output itself.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace casdoctor {

std::array<std::uint8_t, 32> sha256(std::string_view bytes);

// 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace casdoctor
