#pragma once
// The certificates `casdoctor-lab serve` presents: a small lab CA and a
// server certificate it signs for the namespace and 127.0.0.1.
#include <string>

#include "casdoctor/core/result.hpp"

namespace casdoctor::lab {

struct LabCertificates {
  std::string ca_pem;    // the CA certificate (clients trust it: --ca-file)
  std::string cert_pem;  // the server certificate
  std::string key_pem;   // the server certificate's private key (PKCS#8)
};

// EC P-256 keys, SHA-256 signatures, valid from a day ago for a year; the
// server certificate's SAN is DNS:<host>, DNS:localhost, IP:127.0.0.1.
Result<LabCertificates> make_lab_certificates(const std::string& host);

}  // namespace casdoctor::lab
