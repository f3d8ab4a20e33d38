// A xapian-tcpsrv process for the remote-database tests: started on a free port of 127.0.0.1,
// ready once it accepts connections, stopped when the object dies (even when a test fails).
#ifndef KENSAKU_TESTS_CLI_XAPIAN_TCPSRV_H_
#define KENSAKU_TESTS_CLI_XAPIAN_TCPSRV_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace kensaku::testing {

class XapianTcpServer {
 public:
  // Serves `database` read-only. Throws std::runtime_error when no server could be started.
  explicit XapianTcpServer(const std::string& database) {
    // A port found free can be taken by someone else before the server binds it: try again.
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) {
      port_ = free_port();
      start(database);
      if (!wait_until_accepting()) stop();
    }
    if (pid_ <= 0) throw std::runtime_error("could not start xapian-tcpsrv for " + database);
  }
  ~XapianTcpServer() { stop(); }
  XapianTcpServer(const XapianTcpServer&) = delete;
  XapianTcpServer& operator=(const XapianTcpServer&) = delete;

  unsigned port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  // A port nothing listens on now (bound and released).
  static unsigned free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    unsigned port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
      port = ntohs(address.sin_port);
    }
    if (fd >= 0) ::close(fd);
    return port;
  }

 private:
  void start(const std::string& database) {
    std::vector<std::string> args{"/usr/bin/xapian-tcpsrv",
                                  "--quiet",
                                  "--port",
                                  std::to_string(port_),
                                  "--interface",
                                  "127.0.0.1",
                                  database};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    // A process group of its own: on SIGTERM xapian-tcpsrv signals its whole group (to stop the
    // children serving connections), which must not include this test.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), environ) != 0) pid = -1;
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    pid_ = pid;
  }

  // Polls until the server accepts a connection (it opens the database first), or gives up when
  // it exited (e.g. the port was taken) or after 30 s.
  bool wait_until_accepting() {
    if (pid_ <= 0) return false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(static_cast<std::uint16_t>(port_));
      bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
      ::close(fd);
      if (connected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the server and the children serving connections
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace kensaku::testing

#endif  // KENSAKU_TESTS_CLI_XAPIAN_TCPSRV_H_
