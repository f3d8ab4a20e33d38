// Starting and stopping kensaku-server: fork/exec with stdout on a pipe (for the startup line)
// and stderr in a file.
#include "tests/server/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "tests/test_support.h"

namespace kensaku::testing {

std::string server_bin() { return KENSAKU_SERVER_BIN; }

ServerProcess::ServerProcess(const std::vector<std::string>& args,
                             const std::filesystem::path& log_file)
    : log_file_(log_file) {
  std::vector<std::string> argv{server_bin(), "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    int err = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::close(out[0]);
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    ::execv(raw[0], raw.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  std::size_t colon = line.rfind(':');
  if (line.find("listening on http://") == std::string::npos || colon == std::string::npos) {
    stop(SIGKILL);
    throw std::runtime_error("kensaku-server did not start: " + read_file(log_file));
  }
  port_ = static_cast<unsigned short>(std::stoul(line.substr(colon + 1)));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(SIGKILL);
}

std::string ServerProcess::log() const { return read_file(log_file_); }

int ServerProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace kensaku::testing
