#pragma once
// Progress bar and notices on stderr: the bar only on a terminal, so pipes and logs stay clean.

#include <chrono>
#include <ostream>
#include <string>

#include "landbank/feedback.h"

namespace landbank::cli {

class ConsoleFeedback : public Feedback {
 public:
  ConsoleFeedback(std::ostream& err, bool isTerminal) : m_err(err), m_isTerminal(isTerminal) {}
  ~ConsoleFeedback() override { clearBar(); }

  void progress(double fraction, const std::string& what) override {
    if (!m_isTerminal) return;
    const auto now = std::chrono::steady_clock::now();
    if (fraction < 1.0 && now - m_lastDraw < std::chrono::milliseconds(100)) return;  // no flicker, no cost
    m_lastDraw = now;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width + 0.5);
    m_err << "\r" << what << " [" << std::string(static_cast<std::size_t>(filled), '#')
          << std::string(static_cast<std::size_t>(width - filled), ' ') << "] " << static_cast<int>(fraction * 100 + 0.5) << "%"
          << std::flush;
    m_barShown = true;
  }

  void notice(const std::string& message) override {
    clearBar();
    m_err << "landbank: " << message << "\n";
  }

 private:
  void clearBar() {
    if (!m_barShown) return;
    m_err << "\r\033[K" << std::flush;
    m_barShown = false;
  }
  std::ostream& m_err;
  bool m_isTerminal;
  bool m_barShown = false;
  std::chrono::steady_clock::time_point m_lastDraw{};
};

}  // namespace landbank::cli
