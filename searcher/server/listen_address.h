// Reads --listen: HOST:PORT, [IPv6]:PORT, or :PORT (loopback).
#ifndef KENSAKU_SEARCHER_SERVER_LISTEN_ADDRESS_H_
#define KENSAKU_SEARCHER_SERVER_LISTEN_ADDRESS_H_

#include <string>

namespace kensaku::server {

struct ListenAddress {
  std::string host;
  unsigned short port = 0;
};

// Throws UsageError for anything else (no port, a port past 65535, empty brackets).
ListenAddress parse_listen(const std::string& text);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_LISTEN_ADDRESS_H_
