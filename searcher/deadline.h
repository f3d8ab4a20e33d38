// A search's time budget: one deadline shared by its passes, fetches, snippets and retries.
#ifndef KENSAKU_SEARCHER_DEADLINE_H_
#define KENSAKU_SEARCHER_DEADLINE_H_

#include <chrono>

namespace kensaku {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // No deadline: passed() is never true.
  Deadline() = default;
  // `seconds` from now; 0 (or less) means none.
  explicit Deadline(double seconds)
      : limited_(seconds > 0),
        at_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(limited_ ? seconds : 0))) {}

  bool limited() const { return limited_; }
  bool passed() const { return limited_ && Clock::now() >= at_; }
  // Seconds left (at least a microsecond, so that Xapian never reads it as "no limit"), or 0
  // when there is no deadline.
  double remaining_seconds() const {
    if (!limited_) return 0;
    const double left = std::chrono::duration<double>(at_ - Clock::now()).count();
    return left > 1e-6 ? left : 1e-6;
  }

 private:
  bool limited_ = false;
  Clock::time_point at_{};
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_DEADLINE_H_
