#include "casdoctor/report/render.hpp"

namespace casdoctor {

std::string render(const Report& report, OutputFormat format, const TextStyle& style) {
  switch (format) {
    case OutputFormat::json:
      return render_json(report);
    case OutputFormat::markdown:
      return render_markdown(report);
    case OutputFormat::html:
      return render_html(report);
    case OutputFormat::text:
      break;
  }
  return render_text(report, style);
}

}  // namespace casdoctor
