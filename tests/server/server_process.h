// Runs kensaku-server for a test on an ephemeral loopback port, with its log kept in a file.
#ifndef KENSAKU_TESTS_SERVER_SERVER_PROCESS_H_
#define KENSAKU_TESTS_SERVER_SERVER_PROCESS_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kensaku::testing {

// The built kensaku-server.
std::string server_bin();

class ServerProcess {
 public:
  // Starts kensaku-server --listen 127.0.0.1:0 ARGS and waits for its startup line. Throws
  // std::runtime_error when it exits first (the message holds its log).
  ServerProcess(const std::vector<std::string>& args, const std::filesystem::path& log_file);
  // Kills it (SIGKILL) unless stop() was called.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // What it wrote to stderr so far.
  std::string log() const;
  // Sends `signal` and waits for it to exit; returns its exit status (128 + signal if killed).
  int stop(int signal);

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::filesystem::path log_file_;
};

}  // namespace kensaku::testing

#endif  // KENSAKU_TESTS_SERVER_SERVER_PROCESS_H_
