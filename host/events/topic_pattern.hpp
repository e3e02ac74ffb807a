#pragma once

#include <string>
#include <string_view>

namespace sentinel::host {

// A topic is non-empty and made of [a-z0-9_.-].
bool is_valid_topic(std::string_view topic);

// What a subscriber listens to: an exact topic, a prefix pattern "a.b.*" (matches "a.b.x" and
// "a.b.x.y", not "a.b" nor "a.bc.x"), or "*" for every topic.
class TopicPattern {
 public:
  // Throws std::invalid_argument on anything else.
  explicit TopicPattern(std::string pattern);

  bool matches(std::string_view topic) const;
  const std::string& text() const { return text_; }

 private:
  enum class Kind { exact, prefix, everything };

  std::string text_;
  Kind kind_ = Kind::exact;
  std::string prefix_;  // for Kind::prefix: the pattern without its trailing '*', e.g. "a.b."
};

}  // namespace sentinel::host
