// Internal to sentinel/sdk/net/ (POSIX): a joining thread on pthread_create, used instead of
// std::thread. std::thread keeps its callable in std::thread::_State_impl<...>, a class template
// with default visibility whose vtable and typeinfo, instantiated over an SDK type, are weak
// symbols that -fvisibility=hidden does not hide: every plugin would export them. A plain
// function pointer and void* instantiate nothing.
#pragma once

#include <pthread.h>

#include <system_error>
#include <utility>

namespace sentinel::sdk::net::detail {

class Thread {
public:
    using Entry = void* (*)(void*);

    Thread() noexcept = default;
    // Runs entry(arg) on a new thread; throws std::system_error.
    Thread(Entry entry, void* arg) {
        if (const int rc = ::pthread_create(&id_, nullptr, entry, arg); rc != 0)
            throw std::system_error(rc, std::generic_category(), "pthread_create");
        joinable_ = true;
    }
    ~Thread() { join(); }
    Thread(Thread&& other) noexcept : id_(other.id_), joinable_(std::exchange(other.joinable_, false)) {}
    Thread& operator=(Thread&& other) noexcept {
        if (this != &other) {
            join();
            id_ = other.id_;
            joinable_ = std::exchange(other.joinable_, false);
        }
        return *this;
    }
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;

    void join() noexcept {
        if (joinable_) ::pthread_join(id_, nullptr);
        joinable_ = false;
    }

private:
    pthread_t id_{};
    bool joinable_ = false;
};

} // namespace sentinel::sdk::net::detail
