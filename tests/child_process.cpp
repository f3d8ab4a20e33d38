// A child process driven a line at a time through two pipes (posix_spawn, no shell).
#include "tests/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace kensaku::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
  int in_pipe[2], out_pipe[2];
  // Close-on-exec, so a second child never holds the first one's pipes open (dup2 onto 0 and 1
  // clears the flag for the child's own ends).
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);

  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (std::string& arg : args) argp.push_back(arg.data());
  argp.push_back(nullptr);
  int rc = posix_spawn(&pid_, argp[0], &actions, nullptr, argp.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  to_child_ = in_pipe[1];
  from_child_ = out_pipe[0];
  if (rc != 0) {
    close(to_child_);
    close(from_child_);
    throw std::runtime_error("cannot run " + argv.at(0) + ": " + std::strerror(rc));
  }
  // A child that exits early must turn our writes into errors, not kill the test with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
}

ChildProcess::~ChildProcess() {
  if (to_child_ >= 0) close(to_child_);
  if (!status_) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  if (from_child_ >= 0) close(from_child_);
}

void ChildProcess::write_line(const std::string& line) {
  std::string data = line + '\n';
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(to_child_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("cannot write to the child: " + std::string(strerror(errno)));
    written += static_cast<std::size_t>(n);
  }
}

std::optional<std::string> ChildProcess::read_line() {
  for (;;) {
    if (std::size_t newline = buffered_.find('\n'); newline != std::string::npos) {
      std::string line = buffered_.substr(0, newline);
      buffered_.erase(0, newline + 1);
      return line;
    }
    if (out_ended_) {
      if (buffered_.empty()) return std::nullopt;
      return std::exchange(buffered_, std::string());
    }
    char chunk[4096];
    ssize_t n = ::read(from_child_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      out_ended_ = true;
    } else {
      buffered_.append(chunk, static_cast<std::size_t>(n));
    }
  }
}

int ChildProcess::wait() {
  if (status_) return *status_;
  if (to_child_ >= 0) {
    close(to_child_);
    to_child_ = -1;
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return *status_;
}

}  // namespace kensaku::testing
