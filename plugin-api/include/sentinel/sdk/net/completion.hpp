// Building block for probe plugins: a check's "done" callback that is called exactly once. A
// check in flight holds its Completion; when the check finishes it calls complete(outcome), and
// when the check is destroyed first (the plugin shuts down, a callback threw, a late resolver
// answer was dropped) the destructor reports the `cancelled` outcome instead. No one waits forever.
//
//   struct PingOutcome { Failure failure = Failure::None; ... };
//   using Completion = sentinel::sdk::net::Completion<PingOutcome>;
//   PingOutcome cancelled;
//   cancelled.failure = Failure::Cancelled;
//   Completion completion(std::move(done), std::move(cancelled));
#pragma once

#include <functional>
#include <utility>

namespace sentinel::sdk::net {

template <typename Outcome>
class Completion {
public:
    using Callback = std::function<void(const Outcome&)>;

    Completion(Callback done, Outcome cancelled)
        : done_(std::move(done)), cancelled_(std::move(cancelled)) {}
    ~Completion() {
        if (done_) complete(cancelled_);
    }
    Completion(const Completion&) = delete;
    Completion& operator=(const Completion&) = delete;

    // Calls `done` with `outcome` unless it was called already; an exception it throws is
    // swallowed.
    void complete(const Outcome& outcome) noexcept {
        auto done = std::move(done_);
        done_ = nullptr;
        try {
            if (done) done(outcome);
        } catch (...) {
        }
    }
    bool pending() const noexcept { return static_cast<bool>(done_); }

private:
    Callback done_;
    Outcome cancelled_;
};

} // namespace sentinel::sdk::net
