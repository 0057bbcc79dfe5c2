#include "casdoctor/catalog/catalog.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

namespace casdoctor {
namespace {

// HealthChecker's rule: 15.2 builds from 2562 on are Exchange Server SE.
constexpr int kFirstSeBuild = 2562;
// KB4294204 fix lines (2013 CU21 = 15.0.1395.4, 2016 CU10 = 15.1.1531.3). SUs
// of a CU only raise the revision, so the Build field alone decides.
constexpr int kFixedBuild2013 = 1395;
constexpr int kFixedBuild2016 = 1531;
constexpr int kLowestField = std::numeric_limits<int>::min();

struct SupportEnd {
  std::string_view text;
  std::chrono::year_month_day day;
};

// Extended-support end dates (Microsoft lifecycle); SE is still supported.
std::optional<SupportEnd> support_end(Product p) {
  using namespace std::chrono;
  switch (p) {
    case Product::exchange2010:
      return SupportEnd{"2020-10-13", 2020y / October / 13d};
    case Product::exchange2013:
      return SupportEnd{"2023-04-11", 2023y / April / 11d};
    case Product::exchange2016:
    case Product::exchange2019:
      return SupportEnd{"2025-10-14", 2025y / October / 14d};
    case Product::exchange_se:
    case Product::unknown:
      return std::nullopt;
  }
  return std::nullopt;
}

bool same_cumulative_update(const BuildNumber& a, const BuildNumber& b) {
  return a.major == b.major && a.minor == b.minor && a.build == b.build;
}

bool same_service_pack(const BuildNumber& a, const BuildNumber& b) {
  return a.major == b.major && a.minor == b.minor;
}

using RowIndex = std::vector<const CatalogEntry*>;

// The catalogue ordered by build, built once. The sort is stable, so of rows
// with the same build the one listed first in the TSV comes first: that is the
// plain CU row, not a later alias such as HealthChecker's "CU22 Feb19SU".
const RowIndex& rows_by_build() {
  static const RowIndex index = [] {
    RowIndex rows;
    for (const CatalogEntry& entry : catalog_entries()) rows.push_back(&entry);
    std::ranges::stable_sort(rows, {}, [](const CatalogEntry* e) { return e->build; });
    return rows;
  }();
  return index;
}

// First row whose build is not below `b`.
RowIndex::const_iterator first_row_from(const BuildNumber& b) {
  const RowIndex& rows = rows_by_build();
  return std::ranges::lower_bound(rows, b, {}, [](const CatalogEntry* e) { return e->build; });
}

const CatalogEntry* exact_row(const BuildNumber& b) {
  const auto it = first_row_from(b);
  return (it != rows_by_build().end() && (*it)->build == b) ? *it : nullptr;
}

// The CU itself: the listed row of b's major.minor.build with the lowest revision.
const CatalogEntry* cumulative_update_row(const BuildNumber& b) {
  const auto it = first_row_from({b.major, b.minor, b.build, kLowestField});
  return (it != rows_by_build().end() && same_cumulative_update((*it)->build, b)) ? *it : nullptr;
}

int highest_listed_revision(const BuildNumber& b) {
  int highest = kLowestField;
  for (auto it = first_row_from({b.major, b.minor, b.build, kLowestField});
       it != rows_by_build().end() && same_cumulative_update((*it)->build, b); ++it) {
    highest = std::max(highest, (*it)->build.revision);
  }
  return highest;
}

// An Exchange 2010 service pack's own release (e.g. "SP3 RTM", 14.3.123.4) is
// the lowest build listed for its major.minor: every rollup comes later.
const CatalogEntry* service_pack_row(const BuildNumber& b) {
  const auto it = first_row_from({b.major, b.minor, kLowestField, kLowestField});
  return (it != rows_by_build().end() && same_service_pack((*it)->build, b)) ? *it : nullptr;
}

// "SP3 RTM" -> "SP3"; "RTM" (2010 without a service pack) stays.
std::string service_pack_name(std::string_view update) {
  constexpr std::string_view suffix = " RTM";
  if (update.ends_with(suffix)) update.remove_suffix(suffix.size());
  return std::string(update);
}

BuildInfo info_from_row(const BuildNumber& b, const CatalogEntry& row, BuildMatch match) {
  BuildInfo info;
  info.build = b;
  info.product = row.product;
  info.match = match;
  info.update = std::string(row.update);
  info.release_date = std::string(row.release_date);
  info.kb = std::string(row.kb);
  info.kb4294204 = kb4294204_of_build(b);
  return info;
}

BuildInfo unlisted_revision_info(const BuildNumber& b, const CatalogEntry& cu) {
  BuildInfo info = info_from_row(b, cu, BuildMatch::unlisted_revision);
  // Above every listed SU it is most likely a newer SU; otherwise a build
  // Microsoft did not publish (hotfix, private or pre-release).
  const std::string_view guess = b.revision > highest_listed_revision(b)
                                     ? "(a later security update?)"
                                     : "(a hotfix or private build?)";
  info.note = to_short_form(b) + " is not listed; " + std::string(product_name(cu.product)) + " " +
              info.update + " with an unlisted revision " + std::string(guess);
  return info;
}

BuildInfo service_pack_only_info(const BuildNumber& b, const CatalogEntry& service_pack) {
  BuildInfo info = info_from_row(b, service_pack, BuildMatch::service_pack_only);
  info.update = service_pack_name(service_pack.update);
  info.note =
      "Exchange 2010's AdminDisplayVersion shows only the service pack; the update rollup is "
      "unknown without the ExSetup.exe version";
  return info;
}

BuildInfo unknown_info(const BuildNumber& b) {
  BuildInfo info;
  info.build = b;
  info.product = product_of(b);
  info.match = BuildMatch::unknown;
  info.note = to_short_form(b) + " is not in the build catalogue";
  info.kb4294204 = kb4294204_of_build(b);
  return info;
}

}  // namespace

std::string_view product_name(Product p) {
  switch (p) {
    case Product::exchange2010:
      return "Exchange Server 2010";
    case Product::exchange2013:
      return "Exchange Server 2013";
    case Product::exchange2016:
      return "Exchange Server 2016";
    case Product::exchange2019:
      return "Exchange Server 2019";
    case Product::exchange_se:
      return "Exchange Server SE";
    case Product::unknown:
      return "unknown";
  }
  return "unknown";
}

Product product_of(const BuildNumber& b) {
  if (b.major == 14) return Product::exchange2010;
  if (b.major != 15) return Product::unknown;
  switch (b.minor) {
    case 0:
      return Product::exchange2013;
    case 1:
      return Product::exchange2016;
    case 2:
      return b.build < kFirstSeBuild ? Product::exchange2019 : Product::exchange_se;
    default:
      return Product::unknown;
  }
}

std::optional<std::string_view> end_of_support(Product p) {
  const std::optional<SupportEnd> end = support_end(p);
  if (!end) return std::nullopt;
  return end->text;
}

bool past_end_of_support(Product p, TimePoint today) {
  const std::optional<SupportEnd> end = support_end(p);
  return end && std::chrono::sys_days(end->day) <= today;
}

Kb4294204 kb4294204_of_build(const BuildNumber& b) {
  switch (product_of(b)) {
    case Product::exchange2013:
      return b.build < kFixedBuild2013 ? Kb4294204::susceptible : Kb4294204::fixed;
    case Product::exchange2016:
      return b.build < kFixedBuild2016 ? Kb4294204::susceptible : Kb4294204::fixed;
    case Product::exchange2010:
    case Product::exchange2019:
    case Product::exchange_se:
      return Kb4294204::not_applicable;
    case Product::unknown:
      return Kb4294204::unknown;
  }
  return Kb4294204::unknown;
}

std::string_view to_string(Kb4294204 s) {
  switch (s) {
    case Kb4294204::fixed:
      return "fixed";
    case Kb4294204::susceptible:
      return "susceptible";
    case Kb4294204::not_applicable:
      return "not-applicable";
    case Kb4294204::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(BuildMatch m) {
  switch (m) {
    case BuildMatch::exact:
      return "exact";
    case BuildMatch::unlisted_revision:
      return "unlisted-revision";
    case BuildMatch::service_pack_only:
      return "service-pack-only";
    case BuildMatch::unknown:
      return "unknown";
  }
  return "unknown";
}

BuildInfo lookup_build(const BuildNumber& b, BuildSource source) {
  // On 2010 AdminDisplayVersion names the service pack's build whatever rollup
  // is installed, so even a value that equals a catalogue row says no more.
  if (source == BuildSource::admin_display_version && product_of(b) == Product::exchange2010) {
    if (const CatalogEntry* service_pack = service_pack_row(b)) {
      return service_pack_only_info(b, *service_pack);
    }
  }
  if (const CatalogEntry* row = exact_row(b)) return info_from_row(b, *row, BuildMatch::exact);
  if (const CatalogEntry* cu = cumulative_update_row(b)) return unlisted_revision_info(b, *cu);
  return unknown_info(b);
}

}  // namespace casdoctor
