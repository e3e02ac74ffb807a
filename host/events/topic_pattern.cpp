#include "events/topic_pattern.hpp"

#include <algorithm>
#include <stdexcept>

namespace sentinel::host {

bool is_valid_topic(std::string_view topic) {
  return !topic.empty() && std::ranges::all_of(topic, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

TopicPattern::TopicPattern(std::string pattern) : text_(std::move(pattern)) {
  constexpr std::string_view wildcard_suffix = ".*";
  if (text_ == "*") {
    kind_ = Kind::everything;
  } else if (text_.ends_with(wildcard_suffix) && is_valid_topic(std::string_view(text_).substr(
                                                     0, text_.size() - wildcard_suffix.size()))) {
    kind_ = Kind::prefix;
    prefix_ = text_.substr(0, text_.size() - 1);
  } else if (is_valid_topic(text_)) {
    kind_ = Kind::exact;
  } else {
    throw std::invalid_argument(
        "invalid topic pattern '" + text_ +
        "': expected a topic ([a-z0-9_.-]+), a prefix ending in \".*\", or \"*\"");
  }
}

bool TopicPattern::matches(std::string_view topic) const {
  switch (kind_) {
    case Kind::everything:
      return true;
    case Kind::prefix:
      return topic.size() > prefix_.size() && topic.starts_with(prefix_);
    case Kind::exact:
      break;
  }
  return topic == text_;
}

}  // namespace sentinel::host
