// HostServices implemented over the C ABI's snl_host_api. Plugin authors never use this
// directly; SENTINEL_PLUGIN wires it up.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/detail/abi_values.hpp>
#include <sentinel/sdk/host_services.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sentinel::sdk::detail {

class AbiHost {
public:
    AbiHost(const snl_host_api* api, snl_host_ctx* ctx) : api_(api), ctx_(ctx) {}
    const snl_host_api& api() const noexcept { return *api_; }
    snl_host_ctx* ctx() const noexcept { return ctx_; }

    [[noreturn]] void fail(snl_rc rc) const {
        std::string message = api_->last_error(ctx_);
        if (rc == SNL_ERR_CONSTRAINT) throw ConstraintViolation(rc, message);
        throw HostError(rc, message);
    }
    void check(snl_rc rc) const {
        if (rc != SNL_OK) fail(rc);
    }

private:
    const snl_host_api* api_;
    snl_host_ctx* ctx_;
};

// Collects rows delivered through the C row sink.
struct RowCollector {
    std::shared_ptr<std::vector<std::string>> columns;
    Rows rows;

    static snl_rc sink(void* user, size_t count, const char* const* names,
                       const snl_value* values) noexcept {
        auto* self = static_cast<RowCollector*>(user);
        try {
            if (!self->columns) {
                self->columns = std::make_shared<std::vector<std::string>>(names, names + count);
            }
            std::vector<Value> row;
            row.reserve(count);
            for (size_t i = 0; i < count; ++i) row.push_back(from_abi(values[i]));
            self->rows.emplace_back(self->columns, std::move(row));
            return SNL_OK;
        } catch (...) {
            return SNL_ERR;
        }
    }
};

inline std::int64_t run_query(const AbiHost& host, snl_tx* tx, std::string_view sql,
                              const Params& params, RowCollector* collector) {
    std::vector<snl_value> abi_params;
    abi_params.reserve(params.size());
    for (const auto& p : params) abi_params.push_back(to_abi(p));
    std::string sql_text(sql);
    std::int64_t affected = 0;
    host.check(host.api().db_query(host.ctx(), tx, sql_text.c_str(), abi_params.data(),
                                   abi_params.size(),
                                   collector ? &RowCollector::sink : nullptr, collector,
                                   &affected));
    return affected;
}

class AbiTransaction final : public Transaction {
public:
    AbiTransaction(const AbiHost& host, snl_tx* tx) : host_(host), tx_(tx) {}
    ~AbiTransaction() override {
        if (tx_) host_.api().db_rollback(host_.ctx(), tx_);
    }
    Rows query(std::string_view sql, const Params& params) override {
        RowCollector c;
        run_query(host_, open_tx(), sql, params, &c);
        return std::move(c.rows);
    }
    std::int64_t execute(std::string_view sql, const Params& params) override {
        return run_query(host_, open_tx(), sql, params, nullptr);
    }
    void commit() override { host_.check(host_.api().db_commit(host_.ctx(), release())); }
    void rollback() override { host_.check(host_.api().db_rollback(host_.ctx(), release())); }
    using Transaction::execute;
    using Transaction::query;

private:
    snl_tx* open_tx() const {
        if (!tx_) throw HostError(SNL_ERR_INVALID_ARGUMENT, "transaction already ended");
        return tx_;
    }
    snl_tx* release() {
        snl_tx* tx = open_tx();
        tx_ = nullptr;
        return tx;
    }
    AbiHost host_;
    snl_tx* tx_;
};

class AbiDatabase final : public Database {
public:
    explicit AbiDatabase(const AbiHost& host) : host_(host) {}
    std::string dialect() const override { return host_.api().db_dialect(host_.ctx()); }
    Rows query(std::string_view sql, const Params& params) override {
        RowCollector c;
        run_query(host_, nullptr, sql, params, &c);
        return std::move(c.rows);
    }
    std::int64_t execute(std::string_view sql, const Params& params) override {
        return run_query(host_, nullptr, sql, params, nullptr);
    }
    std::unique_ptr<Transaction> begin() override {
        snl_tx* tx = nullptr;
        host_.check(host_.api().db_begin(host_.ctx(), &tx));
        return std::make_unique<AbiTransaction>(host_, tx);
    }
    using Database::execute;
    using Database::query;

private:
    AbiHost host_;
};

class AbiLogger final : public Logger {
public:
    explicit AbiLogger(const AbiHost& host) : host_(host) {}
    void log(LogLevel level, std::string_view message) override {
        std::string text(message);
        host_.api().log(host_.ctx(), static_cast<snl_log_level>(level), text.c_str());
    }

private:
    AbiHost host_;
};

class AbiConfig final : public Config {
public:
    explicit AbiConfig(const AbiHost& host) : host_(host) {}
    std::optional<std::string> get(std::string_view key) const override {
        std::string k(key);
        const char* v = host_.api().config_get(host_.ctx(), k.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    }

private:
    AbiHost host_;
};

class AbiClock final : public Clock {
public:
    explicit AbiClock(const AbiHost& host) : host_(host) {}
    std::int64_t now_ms() const override { return host_.api().now_ms(host_.ctx()); }

private:
    AbiHost host_;
};

class AbiEvents final : public EventPublisher {
public:
    explicit AbiEvents(const AbiHost& host) : host_(host) {}
    void publish(std::string_view topic, const nlohmann::json& payload) override {
        std::string t(topic);
        std::string body = payload.dump();
        host_.check(host_.api().event_publish(host_.ctx(), t.c_str(), body.data(), body.size()));
    }

private:
    AbiHost host_;
};

class AbiScripts final : public ScriptRunner {
public:
    explicit AbiScripts(const AbiHost& host) : host_(host) {}
    nlohmann::json call_file(std::string_view script_path, std::string_view function,
                             const nlohmann::json& args) override {
        std::string path(script_path), fn(function), a = args.dump(), out;
        snl_rc rc = host_.api().lua_call_file(host_.ctx(), path.c_str(), fn.c_str(), a.c_str(),
                                              &append, &out);
        return finish(rc, out);
    }
    nlohmann::json call_source(std::string_view chunk_name, std::string_view source,
                               std::string_view function, const nlohmann::json& args) override {
        std::string chunk(chunk_name), fn(function), a = args.dump(), out;
        snl_rc rc = host_.api().lua_call_source(host_.ctx(), chunk.c_str(), source.data(),
                                                source.size(), fn.c_str(), a.c_str(), &append,
                                                &out);
        return finish(rc, out);
    }
    std::vector<std::string> list(std::string_view folder) override {
        if (host_.api().struct_size <= offsetof(snl_host_api, lua_list_scripts) || !host_.api().lua_list_scripts)
            throw HostError(SNL_ERR_UNSUPPORTED, "the host cannot list scripts (API < 1.3)");
        std::string dir(folder), out;
        host_.check(host_.api().lua_list_scripts(host_.ctx(), dir.c_str(), &append, &out));
        return nlohmann::json::parse(out).get<std::vector<std::string>>();
    }

private:
    static void append(void* user, const char* data, size_t len) {
        static_cast<std::string*>(user)->append(data, len);
    }
    nlohmann::json finish(snl_rc rc, const std::string& out) const {
        if (rc != SNL_OK) throw ScriptError(rc, host_.api().last_error(host_.ctx()));
        return out.empty() ? nlohmann::json() : nlohmann::json::parse(out);
    }
    AbiHost host_;
};

class AbiRateLimiter final : public RateLimiter {
public:
    explicit AbiRateLimiter(const AbiHost& host) : host_(host) {}
    RateDecision hit(std::string_view bucket, std::string_view key, std::uint32_t limit,
                     std::uint32_t window_s) override {
        std::string b(bucket), k(key);
        snl_rate_result r{};
        r.struct_size = sizeof r;
        host_.check(host_.api().rate_limit_hit(host_.ctx(), b.c_str(), k.c_str(), limit, window_s, &r));
        return RateDecision{r.allowed != 0, r.limit, r.remaining, r.retry_after_s, r.reset_epoch_s};
    }

private:
    AbiHost host_;
};

class AbiStreams final : public Streams {
public:
    explicit AbiStreams(const AbiHost& host) : host_(host) {}
    std::uint32_t publish(std::string_view channel, std::string_view sse_text) override {
        if (host_.api().struct_size <= offsetof(snl_host_api, stream_publish) || !host_.api().stream_publish)
            throw HostError(SNL_ERR_UNSUPPORTED, "the host does not offer Server-Sent Events (API < 1.2)");
        std::string c(channel);
        uint32_t delivered = 0;
        host_.check(host_.api().stream_publish(host_.ctx(), c.c_str(), sse_text.data(), sse_text.size(),
                                               &delivered));
        return delivered;
    }

private:
    AbiHost host_;
};

class AbiPlans final : public Plans {
public:
    explicit AbiPlans(const AbiHost& host) : host_(host) {}
    PlanLimits limits(std::string_view plan) const override {
        if (host_.api().struct_size <= offsetof(snl_host_api, plan_limits) || !host_.api().plan_limits)
            throw HostError(SNL_ERR_UNSUPPORTED, "the host does not offer plans (API < 1.2)");
        std::string p(plan);
        snl_plan_limits out{};
        out.struct_size = sizeof out;
        host_.check(host_.api().plan_limits(host_.ctx(), p.c_str(), &out));
        return PlanLimits{out.requests_per_minute, out.requests_per_day, out.retention_days};
    }

private:
    AbiHost host_;
};

// Owns one implementation of each service and exposes them as HostServices.
class AbiServices {
public:
    AbiServices(const snl_host_api* api, snl_host_ctx* ctx)
        : host_(api, ctx), log_(host_), config_(host_), clock_(host_), db_(host_),
          events_(host_), scripts_(host_), rate_(host_), streams_(host_), plans_(host_),
          services_{log_, config_, clock_, db_, events_, scripts_, rate_, streams_, plans_} {}
    AbiServices(const AbiServices&) = delete;
    AbiServices& operator=(const AbiServices&) = delete;

    HostServices& services() noexcept { return services_; }
    const AbiHost& host() const noexcept { return host_; }

private:
    AbiHost host_;
    AbiLogger log_;
    AbiConfig config_;
    AbiClock clock_;
    AbiDatabase db_;
    AbiEvents events_;
    AbiScripts scripts_;
    AbiRateLimiter rate_;
    AbiStreams streams_;
    AbiPlans plans_;
    HostServices services_;
};

} // namespace sentinel::sdk::detail
