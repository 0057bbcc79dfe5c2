#include "casdoctor/snapshot/reader.hpp"

#include "markers.hpp"

namespace casdoctor {

Result<ExtractedDocument> extract_document(std::string_view text) {
  const char* const first = text.data();
  auto range = snapshot_detail::find_document(first, first + text.size());
  if (!range) return std::unexpected(std::move(range.error()));
  const auto offset = static_cast<std::size_t>(range->first - first);
  const auto length = static_cast<std::size_t>(range->last - range->first);
  return ExtractedDocument{text.substr(offset, length), range->first_line};
}

}  // namespace casdoctor
