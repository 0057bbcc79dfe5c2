#include <algorithm>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/catalog/catalog.hpp"

#include "test_support.hpp"

using casdoctor::BuildInfo;
using casdoctor::BuildMatch;
using casdoctor::BuildNumber;
using casdoctor::BuildSource;
using casdoctor::CatalogEntry;
using casdoctor::Kb4294204;
using casdoctor::Product;
using casdoctor::TimePoint;

namespace {

struct ProductCase {
  BuildNumber build;
  Product product;
};

struct Kb4294204Case {
  BuildNumber build;
  Kb4294204 status;
};

struct EndOfSupportCase {
  Product product;
  std::optional<std::string_view> end;
};

// One data row of data/exchange-builds.tsv, as text.
struct TsvRow {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

std::vector<TsvRow> read_tsv_rows() {
  const std::string text =
      casdoctor::test::read_bytes(std::filesystem::path(CASDOCTOR_DATA) / "exchange-builds.tsv");
  std::vector<TsvRow> rows;
  std::istringstream lines(text);
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(lines, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 || line.empty()) continue;  // header, blank lines
    TsvRow row{line_number, {}};
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, '\t')) row.fields.push_back(cell);
    if (line.back() == '\t') row.fields.emplace_back();  // getline drops a last empty cell
    rows.push_back(std::move(row));
  }
  return rows;
}

BuildNumber parsed(std::string_view text) {
  const auto build = casdoctor::parse_build_number(text);
  REQUIRE(build.has_value());
  return *build;
}

TimePoint midnight_utc(std::chrono::year_month_day day) {
  return TimePoint(std::chrono::sys_days(day));
}

}  // namespace

TEST_CASE("product_of maps major.minor (and the SE build line) to the product", "[catalog]") {
  const ProductCase product_case = GENERATE(values<ProductCase>({
      {{14, 0, 639, 21}, Product::exchange2010},
      {{14, 3, 513, 0}, Product::exchange2010},
      {{15, 0, 516, 32}, Product::exchange2013},
      {{15, 0, 1497, 48}, Product::exchange2013},
      {{15, 1, 225, 42}, Product::exchange2016},
      {{15, 1, 2507, 72}, Product::exchange2016},
      {{15, 2, 221, 12}, Product::exchange2019},
      {{15, 2, 2561, 99999}, Product::exchange2019},
      {{15, 2, 2562, 0}, Product::exchange_se},
      {{15, 2, 2562, 17}, Product::exchange_se},
      {{15, 2, 9999, 1}, Product::exchange_se},
      {{15, 3, 100, 1}, Product::unknown},
      {{13, 0, 1, 1}, Product::unknown},
      {{16, 0, 1, 1}, Product::unknown},
      {{0, 0, 0, 0}, Product::unknown},
  }));
  CAPTURE(casdoctor::to_short_form(product_case.build));

  CHECK(casdoctor::product_of(product_case.build) == product_case.product);
}

TEST_CASE("product_name spells the products as the catalogue does", "[catalog]") {
  CHECK(casdoctor::product_name(Product::exchange2010) == "Exchange Server 2010");
  CHECK(casdoctor::product_name(Product::exchange2013) == "Exchange Server 2013");
  CHECK(casdoctor::product_name(Product::exchange2016) == "Exchange Server 2016");
  CHECK(casdoctor::product_name(Product::exchange2019) == "Exchange Server 2019");
  CHECK(casdoctor::product_name(Product::exchange_se) == "Exchange Server SE");
  CHECK(casdoctor::product_name(Product::unknown) == "unknown");
}

TEST_CASE("end_of_support gives the end of extended support", "[catalog]") {
  const EndOfSupportCase end_case = GENERATE(values<EndOfSupportCase>({
      {Product::exchange2010, "2020-10-13"},
      {Product::exchange2013, "2023-04-11"},
      {Product::exchange2016, "2025-10-14"},
      {Product::exchange2019, "2025-10-14"},
      {Product::exchange_se, std::nullopt},
      {Product::unknown, std::nullopt},
  }));
  CAPTURE(casdoctor::product_name(end_case.product));

  CHECK(casdoctor::end_of_support(end_case.product) == end_case.end);
}

TEST_CASE("past_end_of_support turns true on the end date itself", "[catalog]") {
  using namespace std::chrono;
  const auto [product, end] = GENERATE(values<std::pair<Product, year_month_day>>({
      {Product::exchange2010, 2020y / October / 13d},
      {Product::exchange2013, 2023y / April / 11d},
      {Product::exchange2016, 2025y / October / 14d},
      {Product::exchange2019, 2025y / October / 14d},
  }));
  CAPTURE(casdoctor::product_name(product));

  CHECK_FALSE(casdoctor::past_end_of_support(product, midnight_utc(end) - milliseconds(1)));
  CHECK(casdoctor::past_end_of_support(product, midnight_utc(end)));
  CHECK(casdoctor::past_end_of_support(product, midnight_utc(2030y / January / 1d)));
}

TEST_CASE("past_end_of_support is false for SE and unknown products", "[catalog]") {
  using namespace std::chrono;
  const TimePoint far_future = midnight_utc(2100y / January / 1d);
  CHECK_FALSE(casdoctor::past_end_of_support(Product::exchange_se, far_future));
  CHECK_FALSE(casdoctor::past_end_of_support(Product::unknown, far_future));
}

TEST_CASE("kb4294204_of_build: CU21 (2013) and CU10 (2016) are the fix lines", "[catalog]") {
  const Kb4294204Case kb_case = GENERATE(values<Kb4294204Case>({
      // Exchange 2013: fixed from build 1395 (CU21) on, whatever the revision.
      {{15, 0, 1394, 0}, Kb4294204::susceptible},
      {{15, 0, 1394, 99}, Kb4294204::susceptible},
      {{15, 0, 1395, 3}, Kb4294204::fixed},
      {{15, 0, 1395, 4}, Kb4294204::fixed},
      {{15, 0, 1497, 48}, Kb4294204::fixed},
      {{15, 0, 516, 32}, Kb4294204::susceptible},
      // Exchange 2016: fixed from build 1531 (CU10) on.
      {{15, 1, 1466, 16}, Kb4294204::susceptible},
      {{15, 1, 1530, 99}, Kb4294204::susceptible},
      {{15, 1, 1531, 0}, Kb4294204::fixed},
      {{15, 1, 1531, 3}, Kb4294204::fixed},
      {{15, 1, 2507, 72}, Kb4294204::fixed},
      // Not affected by the KB.
      {{14, 3, 123, 4}, Kb4294204::not_applicable},
      {{14, 3, 411, 0}, Kb4294204::not_applicable},
      {{15, 2, 221, 12}, Kb4294204::not_applicable},
      {{15, 2, 1748, 10}, Kb4294204::not_applicable},
      {{15, 2, 2562, 17}, Kb4294204::not_applicable},
      // Not Exchange as far as the catalogue knows.
      {{15, 3, 1, 1}, Kb4294204::unknown},
      {{0, 0, 0, 0}, Kb4294204::unknown},
  }));
  CAPTURE(casdoctor::to_short_form(kb_case.build));

  CHECK(casdoctor::kb4294204_of_build(kb_case.build) == kb_case.status);
}

TEST_CASE("to_string spells the statuses as the report does", "[catalog]") {
  CHECK(casdoctor::to_string(Kb4294204::fixed) == "fixed");
  CHECK(casdoctor::to_string(Kb4294204::susceptible) == "susceptible");
  CHECK(casdoctor::to_string(Kb4294204::not_applicable) == "not-applicable");
  CHECK(casdoctor::to_string(Kb4294204::unknown) == "unknown");
  CHECK(casdoctor::to_string(BuildMatch::exact) == "exact");
  CHECK(casdoctor::to_string(BuildMatch::unlisted_revision) == "unlisted-revision");
  CHECK(casdoctor::to_string(BuildMatch::service_pack_only) == "service-pack-only");
  CHECK(casdoctor::to_string(BuildMatch::unknown) == "unknown");
}

TEST_CASE("lookup_build finds a listed build exactly", "[catalog]") {
  SECTION("Exchange 2016 CU10, the fix level") {
    const BuildInfo info = casdoctor::lookup_build({15, 1, 1531, 3}, BuildSource::exsetup);
    CHECK(info.build == BuildNumber{15, 1, 1531, 3});
    CHECK(info.product == Product::exchange2016);
    CHECK(info.match == BuildMatch::exact);
    CHECK(info.update == "CU10");
    CHECK(info.release_date == "2018-06-19");
    CHECK(info.kb == "KB4099852");
    CHECK(info.note.empty());
    CHECK(info.kb4294204 == Kb4294204::fixed);
  }
  SECTION("Exchange 2013 CU20 Aug18SU, before the fix") {
    const BuildInfo info = casdoctor::lookup_build({15, 0, 1367, 9});
    CHECK(info.product == Product::exchange2013);
    CHECK(info.match == BuildMatch::exact);
    CHECK(info.update == "CU20 Aug18SU");
    CHECK(info.release_date == "2018-08");
    CHECK(info.kb.empty());
    CHECK(info.kb4294204 == Kb4294204::susceptible);
  }
  SECTION("Exchange 2010 from ExSetup.exe or typed by the user is looked up normally") {
    const BuildSource source = GENERATE(BuildSource::exsetup, BuildSource::user);
    const BuildInfo info = casdoctor::lookup_build({14, 3, 411, 0}, source);
    CHECK(info.product == Product::exchange2010);
    CHECK(info.match == BuildMatch::exact);
    CHECK(info.update == "SP3 RU22");
    CHECK(info.kb == "KB4295699");
    CHECK(info.kb4294204 == Kb4294204::not_applicable);
  }
  SECTION("AdminDisplayVersion of 2013 and later is looked up normally") {
    const BuildInfo info =
        casdoctor::lookup_build({15, 1, 1531, 3}, BuildSource::admin_display_version);
    CHECK(info.match == BuildMatch::exact);
    CHECK(info.update == "CU10");
  }
  SECTION("Exchange SE RTM") {
    const BuildInfo info = casdoctor::lookup_build({15, 2, 2562, 17});
    CHECK(info.product == Product::exchange_se);
    CHECK(info.update == "RTM");
    CHECK(info.kb4294204 == Kb4294204::not_applicable);
  }
}

TEST_CASE("lookup_build names the CU of a build whose revision is not listed", "[catalog]") {
  SECTION("above every listed SU: probably a later SU") {
    const BuildInfo info = casdoctor::lookup_build({15, 1, 2507, 99});
    CHECK(info.product == Product::exchange2016);
    CHECK(info.match == BuildMatch::unlisted_revision);
    CHECK(info.update == "CU23");
    CHECK(info.release_date == "2022-04-20");
    CHECK(info.kb == "KB5011155");
    CHECK(info.note ==
          "15.1.2507.99 is not listed; Exchange Server 2016 CU23 with an unlisted revision (a "
          "later security update?)");
    CHECK(info.kb4294204 == Kb4294204::fixed);
  }
  SECTION("below the CU's own revision: not a published update") {
    const BuildInfo info = casdoctor::lookup_build({15, 1, 2507, 5});
    CHECK(info.match == BuildMatch::unlisted_revision);
    CHECK(info.update == "CU23");
    CHECK(info.note ==
          "15.1.2507.5 is not listed; Exchange Server 2016 CU23 with an unlisted revision (a "
          "hotfix or private build?)");
  }
  SECTION("the KB4294204 status still follows the build") {
    CHECK(casdoctor::lookup_build({15, 0, 1395, 3}).kb4294204 == Kb4294204::fixed);
    CHECK(casdoctor::lookup_build({15, 0, 1395, 3}).update == "CU21");
    CHECK(casdoctor::lookup_build({15, 1, 1466, 99}).kb4294204 == Kb4294204::susceptible);
    CHECK(casdoctor::lookup_build({15, 1, 1466, 99}).update == "CU9");
  }
}

TEST_CASE("lookup_build of Exchange 2010's AdminDisplayVersion knows only the service pack",
          "[catalog]") {
  struct ServicePackCase {
    BuildNumber build;
    std::string_view service_pack;
  };
  const ServicePackCase sp_case = GENERATE(values<ServicePackCase>({
      {{14, 3, 123, 4}, "SP3"},
      {{14, 3, 411, 0}, "SP3"},  // equal to RU22, but AdminDisplayVersion cannot tell
      {{14, 2, 247, 5}, "SP2"},
      {{14, 1, 218, 15}, "SP1"},
      {{14, 0, 639, 21}, "RTM"},
  }));
  CAPTURE(casdoctor::to_short_form(sp_case.build));

  const BuildInfo info = casdoctor::lookup_build(sp_case.build, BuildSource::admin_display_version);

  CHECK(info.build == sp_case.build);
  CHECK(info.product == Product::exchange2010);
  CHECK(info.match == BuildMatch::service_pack_only);
  CHECK(info.update == sp_case.service_pack);
  CHECK(info.note ==
        "Exchange 2010's AdminDisplayVersion shows only the service pack; the update rollup is "
        "unknown without the ExSetup.exe version");
  CHECK(info.kb4294204 == Kb4294204::not_applicable);
}

TEST_CASE("lookup_build of an unlisted build keeps what the number itself says", "[catalog]") {
  SECTION("a known product, unknown update") {
    const BuildInfo info = casdoctor::lookup_build({15, 1, 9999, 1});
    CHECK(info.product == Product::exchange2016);
    CHECK(info.match == BuildMatch::unknown);
    CHECK(info.update.empty());
    CHECK(info.release_date.empty());
    CHECK(info.kb.empty());
    CHECK(info.note == "15.1.9999.1 is not in the build catalogue");
    CHECK(info.kb4294204 == Kb4294204::fixed);
  }
  SECTION("an unlisted 2013 build below the fix line") {
    const BuildInfo info = casdoctor::lookup_build({15, 0, 1000, 1});
    CHECK(info.product == Product::exchange2013);
    CHECK(info.match == BuildMatch::unknown);
    CHECK(info.kb4294204 == Kb4294204::susceptible);
  }
  SECTION("an unknown 2010 service pack from AdminDisplayVersion") {
    const BuildInfo info =
        casdoctor::lookup_build({14, 9, 1, 1}, BuildSource::admin_display_version);
    CHECK(info.product == Product::exchange2010);
    CHECK(info.match == BuildMatch::unknown);
  }
  SECTION("not Exchange at all") {
    const BuildInfo info = casdoctor::lookup_build({16, 0, 1, 1});
    CHECK(info.product == Product::unknown);
    CHECK(info.match == BuildMatch::unknown);
    CHECK(info.kb4294204 == Kb4294204::unknown);
  }
}

TEST_CASE("every catalogue row agrees with product_of and looks up to the first listed row",
          "[catalog]") {
  const auto entries = casdoctor::catalog_entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const CatalogEntry& entry = entries[i];
    CAPTURE(i, casdoctor::to_short_form(entry.build), entry.update);
    CHECK(casdoctor::product_of(entry.build) == entry.product);

    // Rows sharing one build: the first listed wins (see lookup_build).
    const auto first_listed = std::ranges::find(entries, entry.build, &CatalogEntry::build);
    const BuildInfo info = casdoctor::lookup_build(entry.build, BuildSource::exsetup);
    CHECK(info.match == BuildMatch::exact);
    CHECK(info.update == first_listed->update);
    CHECK(info.release_date == first_listed->release_date);
    CHECK(info.kb == first_listed->kb);
  }
}

TEST_CASE("the generated catalogue holds every row of data/exchange-builds.tsv", "[catalog]") {
  const std::vector<TsvRow> rows = read_tsv_rows();
  const auto entries = casdoctor::catalog_entries();

  // A floor, not the count: it only guards against this reader seeing no rows.
  REQUIRE(rows.size() >= 364);
  REQUIRE(entries.size() == rows.size());

  for (const TsvRow& row : rows) {
    CAPTURE(row.line);
    REQUIRE(row.fields.size() == 8);
    const std::string& product = row.fields[0];
    const std::string& update = row.fields[1];
    const std::string& release_date = row.fields[2];
    const std::string& build_short = row.fields[3];
    const std::string& build_long = row.fields[4];
    const std::string& kb = row.fields[5];
    const std::string& notes = row.fields[7];
    const BuildNumber build = parsed(build_short);
    CHECK(parsed(build_long) == build);

    // The row itself, field for field (this also checks the C++ escaping).
    const bool present = std::ranges::any_of(entries, [&](const CatalogEntry& e) {
      return casdoctor::product_name(e.product) == product && e.update == update &&
             e.release_date == release_date && e.build == build && e.kb == kb && e.notes == notes;
    });
    CHECK(present);

    for (const std::string& written : {build_short, build_long}) {
      CAPTURE(written);
      const BuildInfo info = casdoctor::lookup_build(parsed(written), BuildSource::exsetup);
      CHECK(info.match == BuildMatch::exact);
      CHECK(info.build == build);
      CHECK(casdoctor::product_name(info.product) == product);
    }
  }
}
