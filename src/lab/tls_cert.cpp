// A lab CA and a server certificate, through OpenSSL's EVP and X509 APIs.
#include "casdoctor/lab/tls_cert.hpp"

#include <functional>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "casdoctor/core/concat.hpp"

namespace casdoctor::lab {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;
using Extension = std::unique_ptr<X509_EXTENSION, Free>;

struct Failure {
  std::string what;
};

void check(bool ok, const char* what) {
  if (!ok) throw Failure{what};
}

Key new_key() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "generating a key");
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  Extension ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1, "adding an extension");
}

Cert new_cert(const std::string& common_name, EVP_PKEY* key) {
  Cert cert(X509_new());
  check(cert != nullptr, "creating a certificate");
  check(X509_set_version(cert.get(), 2) == 1, "setting the version");
  unsigned char serial[16];
  check(RAND_bytes(serial, sizeof serial) == 1, "making a serial number");
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  check(bn != nullptr && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) != nullptr,
        "setting the serial number");
  BN_free(bn);
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -86'400) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 86'400) != nullptr,
        "setting the validity");
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto add = [&](const char* field, const std::string& value) {
    check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                     0) == 1,
          "setting the subject");
  };
  add("O", "casdoctor lab");
  add("CN", common_name);
  check(X509_set_pubkey(cert.get(), key) == 1, "setting the public key");
  return cert;
}

std::string pem_of(const std::function<int(BIO*)>& write) {
  Bio bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr && write(bio.get()) == 1, "writing PEM");
  char* data = nullptr;
  const long size = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

Result<LabCertificates> make_lab_certificates(const std::string& host) {
  try {
    const auto ca_key = new_key();
    const auto ca = new_cert("casdoctor lab CA", ca_key.get());
    check(X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get())) == 1, "issuer");
    add_ext(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    add_ext(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "signing the CA");

    const auto key = new_key();
    const auto cert = new_cert(host, key.get());
    check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca.get())) == 1, "issuer");
    add_ext(cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_ext(cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_ext(cert.get(), ca.get(), NID_subject_alt_name,
            cat("DNS:", host, ",DNS:localhost,IP:127.0.0.1"));
    add_ext(cert.get(), ca.get(), NID_subject_key_identifier, "hash");
    add_ext(cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()) > 0, "signing the certificate");

    LabCertificates out;
    out.ca_pem = pem_of([&](BIO* b) { return PEM_write_bio_X509(b, ca.get()); });
    out.cert_pem = pem_of([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
    out.key_pem = pem_of([&](BIO* b) {
      return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return out;
  } catch (const Failure& f) {
    return make_error(ExitCode::unknown, cat("certificate: ", f.what, " failed"));
  }
}

}  // namespace casdoctor::lab
