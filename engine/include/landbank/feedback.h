#pragma once
// One feedback object carries progress, messages and cancellation for every long operation,
// so the CLI can draw a progress bar on a terminal and the viewer a progress widget.

#include <atomic>
#include <string>

namespace landbank {

class Feedback {
 public:
  virtual ~Feedback() = default;
  /// Progress of the current step in [0, 1]; `what` names the step ("import parcels").
  virtual void progress(double fraction, const std::string& what) { (void)fraction; (void)what; }
  /// A notice for the user (not an error): "detected encoding GBK", "repaired 3 geometries".
  virtual void notice(const std::string& message) { (void)message; }
  /// Operations poll this and stop with Error(Internal,"cancelled") leaving the store unchanged.
  bool isCancelled() const { return m_cancelled.load(); }
  void cancel() { m_cancelled.store(true); }

 private:
  std::atomic<bool> m_cancelled{false};
};

/// A feedback that ignores everything (tests, scripts).
class SilentFeedback : public Feedback {};

}  // namespace landbank
