// Loads an SDK plugin class through its C descriptor (Shims<P>::descriptor()) against the fake
// host, the way sentineld would, and builds snl_requests for it.
#pragma once

#include "fake_host.hpp"

#include <sentinel/sdk.hpp>

#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

template <typename P>
class AbiPlugin {
public:
    explicit AbiPlugin(snl_host_ctx& ctx)
        : init_rc_(descriptor().init(&fake_host_api(), &ctx, &state_)) {}
    ~AbiPlugin() {
        if (state_) descriptor().destroy(state_);
    }
    AbiPlugin(const AbiPlugin&) = delete;
    AbiPlugin& operator=(const AbiPlugin&) = delete;

    static const snl_plugin& descriptor() { return *sentinel::sdk::detail::Shims<P>::descriptor(); }
    snl_rc init_rc() const noexcept { return init_rc_; }
    snl_plugin_state* state() const noexcept { return state_; }
    std::string last_error() const { return descriptor().last_error(state_); }

    std::vector<snl_route_def> routes() const { return declared(descriptor().routes); }
    std::vector<snl_job_def> jobs() const { return declared(descriptor().jobs); }
    std::vector<snl_subscription_def> subscriptions() const {
        return declared(descriptor().subscriptions);
    }

    std::size_t route_index(const char* method, const char* path) const {
        const auto defs = routes();
        for (std::size_t i = 0; i < defs.size(); ++i)
            if (std::strcmp(defs[i].method, method) == 0 && std::strcmp(defs[i].path, path) == 0)
                return i;
        throw std::out_of_range(std::string("no route ") + method + " " + path);
    }

    // Calls handle_request for `method path`; `rc` receives its return code.
    snl_response request(const char* method, const char* path, const snl_request& req,
                         snl_rc& rc) const {
        snl_response response;
        rc = descriptor().handle_request(state_, route_index(method, path), &req, &response);
        return response;
    }

private:
    template <typename Def>
    std::vector<Def> declared(const Def* (*list)(snl_plugin_state*, size_t*)) const {
        size_t count = 0;
        const Def* defs = list(state_, &count);
        return std::vector<Def>(defs, defs + count);
    }

    snl_plugin_state* state_ = nullptr;
    snl_rc init_rc_;
};

// Owns the arrays an snl_request points to. Keys and values must be string literals.
class RequestBuilder {
public:
    RequestBuilder& query(const char* key, const char* value) {
        query_.push_back({key, value});
        return *this;
    }
    RequestBuilder& header(const char* name, const char* value) {
        headers_.push_back({name, value});
        return *this;
    }
    RequestBuilder& path_param(const char* name, const char* value) {
        path_params_.push_back({name, value});
        return *this;
    }
    RequestBuilder& body(std::string text) {
        body_ = std::move(text);
        return *this;
    }
    RequestBuilder& principal(const char* key_id, const char* name, snl_role role, const char* plan = nullptr) {
        principal_ = snl_principal{sizeof(snl_principal), key_id, name, nullptr, role, plan};
        return *this;
    }
    // Valid while this builder lives and is not changed.
    snl_request build(const char* method, const char* path) const {
        return snl_request{sizeof(snl_request), "req-1", method, path,
                           path_params_.data(), path_params_.size(),
                           query_.data(), query_.size(),
                           headers_.data(), headers_.size(),
                           body_.c_str(), body_.size(),
                           &principal_, "192.0.2.7"};
    }

private:
    std::vector<snl_kv> query_, headers_, path_params_;
    std::string body_;
    snl_principal principal_{sizeof(snl_principal), nullptr, nullptr, nullptr, SNL_ROLE_PUBLIC, nullptr};
};
