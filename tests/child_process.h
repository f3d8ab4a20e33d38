// A child process the test talks to through pipes, a line at a time: for servers that must be
// asked, answered, and asked again while something changes between the questions.
#ifndef KENSAKU_TESTS_CHILD_PROCESS_H_
#define KENSAKU_TESTS_CHILD_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace kensaku::testing {

class ChildProcess {
 public:
  // Starts `argv` (argv[0] is a path) with pipes to its stdin and from its stdout; its stderr is
  // the test's. Throws std::runtime_error when it cannot be started.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // Closes stdin and, if the process has not been waited for, kills it and reaps it, so a test
  // that fails half-way never leaves it running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes `line` and a newline to its stdin. Throws std::runtime_error when it cannot (the
  // process closed its stdin or died).
  void write_line(const std::string& line);

  // The next line of its stdout without the newline; nullopt once stdout ends (blocks until then).
  std::optional<std::string> read_line();

  // Closes its stdin (end of input), then waits for it to end. Returns the exit status, or 128 +
  // the signal number when a signal ended it.
  int wait();

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;     // its stdin
  int from_child_ = -1;   // its stdout
  std::string buffered_;  // read from stdout, not yet returned as lines
  bool out_ended_ = false;
  std::optional<int> status_;
};

}  // namespace kensaku::testing

#endif  // KENSAKU_TESTS_CHILD_PROCESS_H_
