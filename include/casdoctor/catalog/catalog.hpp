#pragma once
// The Exchange build catalogue (generated at build time from
// data/exchange-builds.tsv) and what casdoctor derives from a build.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/core/time.hpp"

namespace casdoctor {

enum class Product { exchange2010, exchange2013, exchange2016, exchange2019, exchange_se, unknown };

// "Exchange Server 2016" etc.; "unknown" for Product::unknown.
std::string_view product_name(Product p);

// 14.x = 2010, 15.0 = 2013, 15.1 = 2016, 15.2 below build 2562 = 2019, from
// 2562 on = SE; anything else unknown.
Product product_of(const BuildNumber& b);

// End of extended support; std::nullopt while supported (SE) or unknown.
std::optional<std::string_view> end_of_support(Product p);

enum class Kb4294204 { fixed, susceptible, not_applicable, unknown };
std::string_view to_string(Kb4294204 s);

// KB4294204 status of a build on its own, before the org is considered:
// 2013 below 15.0.1395.4 and 2016 below 15.1.1531.3 are susceptible, at or
// above fixed (only major.minor.build matter: SUs change the revision only),
// 2010/2019/SE not-applicable, unknown product unknown.
Kb4294204 kb4294204_of_build(const BuildNumber& b);

// One row of the catalogue.
struct CatalogEntry {
  Product product;
  std::string_view update;        // "CU10", "SP3 RU22", "CU23 Mar23SU"
  std::string_view release_date;  // "2018-06-19" or "2018-06" (month only)
  BuildNumber build;
  std::string_view kb;     // "KB4099852" or empty
  std::string_view notes;  // source discrepancies etc., may be empty
};

std::span<const CatalogEntry> catalog_entries();

// Where the build number came from: Exchange 2010's AdminDisplayVersion only
// shows the service pack, ExSetup.exe's file version is the installed build.
enum class BuildSource { exsetup, admin_display_version, user };

enum class BuildMatch {
  exact,              // the build is a catalogue row
  unlisted_revision,  // major.minor.build is a known CU/RU, the revision is not listed
  service_pack_only,  // 2010 AdminDisplayVersion: the SP is known, the rollup is not
  unknown,            // not in the catalogue at all
};
std::string_view to_string(BuildMatch m);

struct BuildInfo {
  BuildNumber build;
  Product product = Product::unknown;
  BuildMatch match = BuildMatch::unknown;
  std::string update;        // "CU10"; "SP3" (rollup unknown); "" when unknown
  std::string release_date;  // from the matched row; "" when unknown
  std::string kb;            // KB article of the matched row
  std::string note;          // one sentence for people when match != exact, else ""
  Kb4294204 kb4294204 = Kb4294204::unknown;
};

// Look-up of one build. For an unlisted revision the entry of the CU with the
// lowest listed revision supplies update and date (note says so).
BuildInfo lookup_build(const BuildNumber& b, BuildSource source = BuildSource::user);

// True when the product's end of support is on or before `today`.
bool past_end_of_support(Product p, TimePoint today);

}  // namespace casdoctor
