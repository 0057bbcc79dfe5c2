#pragma once
// Environment variables for one test, on POSIX and Windows alike: set_env,
// unset_env, and ScopedEnv, which restores the old value when it ends.
#include <cstdlib>
#include <optional>
#include <string>

namespace casdoctor::test {

inline void set_env(const char* name, const char* value) {
#ifdef _WIN32
  ::_putenv_s(name, value);
#else
  ::setenv(name, value, 1);
#endif
}

inline void unset_env(const char* name) {
#ifdef _WIN32
  ::_putenv_s(name, "");  // an empty value removes the variable on Windows
#else
  ::unsetenv(name);
#endif
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    apply(value);
  }
  ~ScopedEnv() { apply(old_ ? old_->c_str() : nullptr); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  void apply(const char* value) const {
    if (value == nullptr)
      unset_env(name_);
    else
      set_env(name_, value);
  }
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace casdoctor::test
