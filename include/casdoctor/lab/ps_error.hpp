#pragma once
// A PowerShell error record as the lab reports it: what Windows PowerShell
// 5.1 prints for a failed command (message, position, CategoryInfo,
// FullyQualifiedErrorId). The org rules return these so that the front end
// can print them exactly as the real cmdlet would.
#include <expected>
#include <string>

namespace casdoctor::lab {

struct PsError {
  std::string message;
  std::string category = "NotSpecified";  // ErrorCategory: ObjectNotFound, InvalidOperation, ...
  std::string target;                     // the target object's text
  std::string target_type;                // its type name: String, ServiceController, ...
  std::string activity;                   // the cmdlet: [Restart-Service]
  std::string reason;                     // the exception type: ServiceCommandException
  std::string error_id;                   // FullyQualifiedErrorId
};

template <class T>
using PsResult = std::expected<T, PsError>;

inline std::unexpected<PsError> ps_failure(PsError error) {
  return std::unexpected<PsError>(std::move(error));
}

}  // namespace casdoctor::lab
