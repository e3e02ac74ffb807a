#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sentinel::host {

struct Event {
  std::string topic;
  std::string source;
  std::string payload_json;
  std::chrono::system_clock::time_point published_at;
  std::uint64_t sequence = 0;  // 1, 2, 3, ... per bus, in publication order
};

using SubscriptionId = std::uint64_t;

}  // namespace sentinel::host
