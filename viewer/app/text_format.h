#pragma once
// Numbers for people in the viewer's panels: thousands separated as the command line's tables write
// them (30,000; 1,234.5), in both languages.

#include <QLocale>
#include <QString>

#include <string>
#include <string_view>

#include "landbank/language.h"
#include "landbank/ledger.h"

namespace landbank::viewer {

/// `value` with `decimals` decimals and thousands separators ("52,345", "78.5").
inline QString groupedNumber(double value, int decimals = 0) {
  static const QLocale locale(QLocale::English, QLocale::UnitedStates);
  return locale.toString(value, 'f', decimals);
}

/// A ledger code (stage, problem category, status) for people: the Chinese label, or the code
/// humanised in English ("reopen_dropped" -> "Reopen dropped").
inline QString ledgerText(std::string_view code, Language language) {
  QString text = QString::fromStdString(ledgerLabel(code, language));
  if (language == Language::English) {
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) text[0] = text[0].toUpper();
  }
  return text;
}

}  // namespace landbank::viewer
