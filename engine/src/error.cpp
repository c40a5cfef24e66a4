#include "landbank/error.h"

namespace landbank {

namespace {
std::string composeMessage(const std::string& problem, const ErrorContext& context) {
  const std::string where = describeContext(context);
  return where.empty() ? problem : where + ": " + problem;
}
}  // namespace

Error::Error(ErrorCode code, const std::string& problem, ErrorContext context)
    : std::runtime_error(composeMessage(problem, context)),
      m_code(code),
      m_context(std::move(context)),
      m_problem(problem) {}

int exitCodeFor(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::Usage:
    case ErrorCode::Expression:
      return 2;
    default:
      return 1;
  }
}

std::string describeContext(const ErrorContext& context) {
  std::string text;
  auto append = [&text](const char* label, const std::optional<std::string>& value) {
    if (!value) return;
    if (!text.empty()) text += ", ";
    text += label;
    text += " '";
    text += *value;
    text += "'";
  };
  append("file", context.file);
  append("layer", context.layer);
  append("feature", context.feature);
  append("field", context.field);
  return text;
}

}  // namespace landbank
