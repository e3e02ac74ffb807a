#include "security_plugin.hpp"

#include "log_entry.hpp"
#include "risk_stats.hpp"

#include <sentinel/sdk/time.hpp>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <charconv>

namespace sentinel::security {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxBatch = 1000;
constexpr std::size_t kMaxRuleBytes = 65536;
constexpr const char* kRealm = "Basic realm=\"sentinel-security\", charset=\"UTF-8\"";

struct AuthFailure {
    int status;
    std::string message;
};

bool valid_username(const std::string& name) {
    return name.size() >= 3 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '_' || c == '.' || c == '-';
           });
}

std::optional<std::string> canonical_plan(const std::string& plan) {
    std::string lower;
    for (char c : plan) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "free") return "Free";
    if (lower == "pro") return "Pro";
    return std::nullopt;
}

std::string host_plan(const Tenant& t) { return t.plan == "Pro" ? "pro" : "free"; }

json tenant_json(const Tenant& t) {
    return {{"username", t.username}, {"plan", t.plan}, {"created_at", sdk::iso_utc(t.created_at_ms)},
            {"updated_at", sdk::iso_utc(t.updated_at_ms)}};
}

json analysis_json(const Analysis& a) {
    return {{"score", a.score}, {"severity", severity_name(a.severity)}, {"summary", a.summary},
            {"prevention_measures", a.prevention_measures}};
}

std::optional<std::int64_t> parse_id(const std::string& text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
    return v;
}

std::string client_ip(const LogEntry& e) {
    for (const char* key : {"ip", "src_ip", "source_ip", "client_ip"})
        if (auto it = e.metadata.find(key); it != e.metadata.end() && it->is_string()) return it->get<std::string>();
    return "";
}

} // namespace

SecurityPlugin::SecurityPlugin(sdk::HostServices& host)
    : host_(host), settings_(SecuritySettings::load(host.config)), store_(host.db), windows_(settings_.window),
      rules_(host_, settings_.rules_folder), unknown_user_hash_(hash_password(new_api_token())),
      enricher_(settings_.enrichment, host_.log, [this](const EnrichmentJob& job, const Enrichment& enrichment) {
          if (!store_.enrich(job.log_id, enrichment.summary, enrichment.prevention_measures, host_.clock.now_ms()))
              host_.log.info("security: entry " + std::to_string(job.log_id) + " was removed before its enrichment came");
      }) {
    replay_recent_entries();
    if (enricher_.enabled())
        host_.log.info("security: LLM enrichment on (" + settings_.enrichment.endpoint + ", model " +
                       settings_.enrichment.model + ") for entries scored " +
                       std::to_string(settings_.enrich_min_score) + " or more");
}

sdk::RouteHandler SecurityPlugin::as_tenant(TenantHandler handler, bool owns_path) {
    return [this, handler, owns_path](const sdk::Request& request) -> sdk::Response {
        try {
            const Tenant tenant = authenticate(request);
            if (owns_path && request.path_param("username").value_or("") != tenant.username)
                throw AuthFailure{403, "These credentials belong to another tenant"};
            return (this->*handler)(request, tenant);
        } catch (const AuthFailure& f) {
            auto r = sdk::Response::error(f.status, f.message);
            if (f.status == 401) r.with_header("WWW-Authenticate", kRealm);
            return r;
        }
    };
}

Tenant SecurityPlugin::authenticate(const sdk::Request& request) {
    const auto authorization = request.header("authorization").value_or("");
    std::string token = request.header("x-tenant-token").value_or("");
    if (token.empty() && authorization.size() > 7 && (authorization.rfind("Bearer ", 0) == 0 || authorization.rfind("bearer ", 0) == 0))
        token = authorization.substr(7);
    if (!token.empty()) {
        if (auto tenant = store_.tenant_by_token(token_digest(token))) return *tenant;
        throw AuthFailure{401, "Invalid tenant token"};
    }
    if (auto basic = parse_basic(authorization)) {
        const auto& [username, password] = *basic;
        const auto now = host_.clock.now_ms();
        auto tenant = store_.tenant_by_name(username);
        if (tenant) {
            if (auto cached = password_checks_.find(username, password, now); cached && *cached == tenant->id) return *tenant;
            if (verify_password(tenant->password_hash, password)) {
                password_checks_.remember(username, password, tenant->id, now);
                return *tenant;
            }
        } else {
            // As slow as a real check, so the answer's timing does not tell which usernames exist.
            verify_password(unknown_user_hash_, password);
        }
        throw AuthFailure{401, "Invalid username or password"};
    }
    throw AuthFailure{401, "Tenant credentials required: HTTP Basic (username and password) or 'Authorization: Bearer <api_token>'"};
}

void SecurityPlugin::routes(sdk::RouteTable& r) {
    using sdk::Role;
    r.post("/security/signup", Role::Public, [this](const sdk::Request& q) { return signup(q); },
           {.summary = "Register a tenant", .rate_limit_per_minute = 20});
    r.patch("/security/user/update/:username", Role::Public, as_tenant(&SecurityPlugin::update, true),
            {.summary = "Rename a tenant, change its plan or password"});
    r.post("/security/analyze/:username", Role::Public, as_tenant(&SecurityPlugin::analyze, true),
           {.summary = "Score and store one log entry", .audit = false});
    r.post("/security/analyze/:username/batch", Role::Public, as_tenant(&SecurityPlugin::analyze_batch, true),
           {.summary = "Score and store up to 1,000 log entries", .audit = false});
    r.get("/security/logs/:username", Role::Public, as_tenant(&SecurityPlugin::logs, true),
          {.summary = "The most recent open threats"});
    r.get("/security/stats/:username", Role::Public, as_tenant(&SecurityPlugin::stats, true),
          {.summary = "The last 30 minutes in 2-minute buckets"});
    r.del("/security/issue/:issue_id", Role::Public, as_tenant(&SecurityPlugin::resolve, false),
          {.summary = "Resolve a threat of the caller's tenant"});
    r.put("/security/rules/:username", Role::Public, as_tenant(&SecurityPlugin::put_rule, true),
          {.summary = "Set the tenant's Lua scoring rule"});
    r.get("/security/rules/:username", Role::Public, as_tenant(&SecurityPlugin::get_rule, true),
          {.summary = "The tenant's Lua scoring rule"});
    r.del("/security/rules/:username", Role::Public, as_tenant(&SecurityPlugin::delete_rule, true),
          {.summary = "Remove the tenant's Lua scoring rule"});
    r.get("/security/enrichment", Role::Admin, [this](const sdk::Request& q) { return enrichment_status(q); },
          {.summary = "State of the optional LLM enrichment (queue, circuit breaker, outcomes)"});
}

void SecurityPlugin::jobs(sdk::JobTable& jobs) {
    jobs.add("retention", 3'600'000, [this](const sdk::JobRun& run) { apply_retention(run.started_at_ms); }, 60'000);
}

void SecurityPlugin::apply_retention(std::int64_t now_ms) {
    for (const auto& t : store_.tenants()) {
        const auto days = host_.plans.limits(host_plan(t)).retention_days;
        if (auto n = store_.prune(t.id, now_ms - static_cast<std::int64_t>(days) * 86'400'000); n > 0)
            host_.log.info("security: removed " + std::to_string(n) + " entries of " + t.username + " older than " +
                           std::to_string(days) + " days");
    }
}

sdk::Response SecurityPlugin::signup(const sdk::Request& request) {
    const auto body = request.json_object();
    sdk::ValidationErrors errors;
    const auto username = body.value("username", json()).is_string() ? body["username"].get<std::string>() : "";
    const auto password = body.value("password", json()).is_string() ? body["password"].get<std::string>() : "";
    if (!valid_username(username)) errors.add("username", "must be 3 to 64 characters of A-Z a-z 0-9 _ . -");
    if (password.size() < 8 || password.size() > 1024) errors.add("password", "must be 8 to 1024 characters");
    errors.throw_if_any("Invalid signup");
    const auto token = new_api_token();
    try {
        const auto tenant = store_.create_tenant(username, hash_password(password), token_digest(token), host_.clock.now_ms());
        host_.log.info("security: tenant " + username + " signed up");
        auto out = tenant_json(tenant);
        out["api_token"] = token;
        return sdk::Response::json(out, 201);
    } catch (const UsernameTaken&) {
        throw sdk::HttpError(409, "The username '" + username + "' is taken");
    }
}

sdk::Response SecurityPlugin::update(const sdk::Request& request, const Tenant& tenant) {
    const auto body = request.json_object();
    sdk::ValidationErrors errors;
    std::optional<std::string> new_name, new_plan, new_hash;
    if (auto it = body.find("new_username"); it != body.end() && !it->is_null()) {
        if (!it->is_string() || !valid_username(it->get<std::string>()))
            errors.add("new_username", "must be 3 to 64 characters of A-Z a-z 0-9 _ . -");
        else if (it->get<std::string>() != tenant.username) new_name = it->get<std::string>();
    }
    if (auto it = body.find("new_plan"); it != body.end() && !it->is_null()) {
        if (auto plan = it->is_string() ? canonical_plan(it->get<std::string>()) : std::nullopt) new_plan = plan;
        else errors.add("new_plan", "must be \"Free\" or \"Pro\"");
    }
    if (auto it = body.find("new_password"); it != body.end() && !it->is_null()) {
        if (!it->is_string() || it->get<std::string>().size() < 8 || it->get<std::string>().size() > 1024)
            errors.add("new_password", "must be 8 to 1024 characters");
        else new_hash = hash_password(it->get<std::string>());
    }
    if (!body.contains("new_username") && !body.contains("new_plan") && !body.contains("new_password"))
        errors.add_form("send at least one of new_username, new_plan, new_password");
    errors.throw_if_any("Invalid update");
    try {
        const auto updated = store_.update_tenant(tenant.id, new_name, new_plan, new_hash, host_.clock.now_ms());
        if (new_name || new_hash) password_checks_.forget_tenant(tenant.id);
        if (new_name) windows_.rename(tenant.username, *new_name);
        return sdk::Response::json(tenant_json(updated));
    } catch (const UsernameTaken&) {
        throw sdk::HttpError(409, "The username '" + new_name.value_or("") + "' is taken");
    }
}

std::optional<sdk::Response> SecurityPlugin::charge_quota(const Tenant& tenant, std::size_t entries) {
    const auto limits = host_.plans.limits(host_plan(tenant));
    const auto key = std::to_string(tenant.id);
    for (std::size_t i = 0; i < entries; ++i) {
        for (const auto& [bucket, limit, window] : {std::tuple{"tenant-minute", limits.requests_per_minute, 60u},
                                                    std::tuple{"tenant-day", limits.requests_per_day, 86'400u}}) {
            const auto decision = host_.rate_limiter.hit(bucket, key, limit, window);
            if (decision.allowed) continue;
            return sdk::Response::error(429, "The " + tenant.plan + " plan allows " + std::to_string(limit) +
                                                 " entries per " + (window == 60u ? "minute" : "day") +
                                                 "; retry after " + std::to_string(decision.retry_after_s) + " seconds",
                                        {{"retryAfter", decision.retry_after_s}})
                .with_header("Retry-After", std::to_string(decision.retry_after_s))
                .with_header("X-RateLimit-Limit", std::to_string(decision.limit))
                .with_header("X-RateLimit-Remaining", "0")
                .with_header("X-RateLimit-Reset", std::to_string(decision.reset_epoch_s));
        }
    }
    return std::nullopt;
}

void SecurityPlugin::replay_recent_entries() {
    constexpr std::int64_t kPage = 5000;
    constexpr std::int64_t kMaxReplayed = 1'000'000; // beyond it, a slower start is worse than a colder window
    const auto window_ms = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.window.window).count();
    const auto since = host_.clock.now_ms() - window_ms;
    std::int64_t after_id = 0;
    std::int64_t replayed = 0;
    while (replayed < kMaxReplayed) {
        const auto page = store_.entries_since(since, after_id, kPage);
        for (const auto& [username, stored] : page) (void)windows_.observe(username, stored.entry, stored.created_at_ms);
        replayed += static_cast<std::int64_t>(page.size());
        if (page.size() < static_cast<std::size_t>(kPage)) break;
        after_id = page.back().second.id;
    }
    if (replayed > 0)
        host_.log.info("security: " + std::to_string(replayed) + " entries of the last " +
                       std::to_string(window_ms / 60'000) + " minutes replayed into the window detectors" +
                       (replayed >= kMaxReplayed ? " (stopped at the cap: the rest of the window starts cold)" : ""));
}

void SecurityPlugin::submit_for_enrichment(const Tenant& tenant, const std::vector<LogEntry>& entries,
                                           const std::vector<Analysis>& analyses, const std::vector<std::int64_t>& ids) {
    if (!enricher_.enabled()) return;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (analyses[i].score < settings_.enrich_min_score) continue;
        // A full queue or an open circuit drops the job: the offline analysis stays.
        (void)enricher_.submit({tenant.username, ids[i], entries[i], analyses[i]});
    }
}

sdk::Response SecurityPlugin::enrichment_status(const sdk::Request&) {
    auto status = enricher_.status();
    status["min_severity"] = severity_name(severity_for_score(settings_.enrich_min_score));
    if (enricher_.enabled()) status["model"] = settings_.enrichment.model;
    return sdk::Response::json(status);
}

json SecurityPlugin::score_and_store(const Tenant& tenant, const std::vector<LogEntry>& entries) {
    const auto now = host_.clock.now_ms();
    std::vector<Analysis> analyses;
    analyses.reserve(entries.size());
    for (const auto& entry : entries) {
        auto findings = detect_content(entry);
        auto window = windows_.observe(tenant.username, entry, now);
        findings.insert(findings.end(), std::make_move_iterator(window.begin()), std::make_move_iterator(window.end()));
        Analysis analysis = combine(std::move(findings));
        rules_.apply(tenant.username, tenant.rule_source, entry, analysis);
        analyses.push_back(std::move(analysis));
    }
    const auto ids = inserts_.insert({tenant.id, &entries, &analyses, now});
    submit_for_enrichment(tenant, entries, analyses, ids);
    json results = json::array();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& a = analyses[i];
        if (a.severity == Severity::High || a.severity == Severity::Critical) {
            json event = {{"tenant", tenant.username}, {"log_id", std::to_string(ids[i])},
                                      {"event_id", entries[i].event_id}, {"source", entries[i].source},
                                      {"score", a.score}, {"severity", severity_name(a.severity)},
                                      {"summary", a.summary}, {"created_at", sdk::iso_utc(now)}};
            if (auto ip = client_ip(entries[i]); !ip.empty()) event["ip"] = ip;
            try {
                host_.events.publish("security.threat_detected", event);
            } catch (const sdk::HostError& e) {
                host_.log.warn("security: threat " + std::to_string(ids[i]) + " not announced: " + e.what());
            }
        }
        results.push_back({{"log_id", std::to_string(ids[i])}, {"analysis", analysis_json(a)}});
    }
    return results;
}

sdk::Response SecurityPlugin::analyze(const sdk::Request& request, const Tenant& tenant) {
    const auto body = request.json();
    sdk::ValidationErrors errors;
    auto entry = parse_log_entry(body, errors);
    errors.throw_if_any("Invalid log entry");
    if (auto refused = charge_quota(tenant, 1)) return std::move(*refused);
    auto results = score_and_store(tenant, {std::move(*entry)});
    return sdk::Response::json(results.at(0));
}

sdk::Response SecurityPlugin::analyze_batch(const sdk::Request& request, const Tenant& tenant) {
    const auto body = request.json();
    const json* list = body.is_array() ? &body : nullptr;
    if (body.is_object())
        if (auto it = body.find("entries"); it != body.end() && it->is_array()) list = &*it;
    if (!list) throw sdk::HttpError(422, "The batch must be a JSON array of log entries or {\"entries\": [...]}");
    if (list->empty() || list->size() > kMaxBatch)
        throw sdk::HttpError(422, "A batch holds 1 to 1000 entries; this one has " + std::to_string(list->size()));
    sdk::ValidationErrors errors;
    std::vector<LogEntry> entries;
    entries.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i)
        if (auto e = parse_log_entry((*list)[i], errors, "entries[" + std::to_string(i) + "].")) entries.push_back(std::move(*e));
    errors.throw_if_any("Invalid log entries: nothing was stored");
    if (auto refused = charge_quota(tenant, entries.size())) return std::move(*refused);
    auto results = score_and_store(tenant, entries);
    return sdk::Response::json({{"count", results.size()}, {"results", std::move(results)}});
}

sdk::Response SecurityPlugin::logs(const sdk::Request& request, const Tenant& tenant) {
    std::int64_t limit = 10;
    if (auto l = request.query_value("limit")) {
        auto v = parse_id(*l);
        if (!v || *v > 100) sdk::ValidationErrors().add("limit", "must be an integer from 1 to 100").throw_if_any("Invalid query");
        limit = *v;
    }
    json out = json::array();
    for (const auto& s : store_.open_threats(tenant.id, settings_.feed_min_score, limit))
        out.push_back({{"id", std::to_string(s.id)}, {"source", s.entry.source}, {"event_id", s.entry.event_id},
                       {"severity_level", s.entry.severity_level}, {"message", s.entry.message},
                       {"metadata", s.entry.metadata}, {"timestamp", sdk::iso_utc(s.created_at_ms)}, {"resolved", false},
                       {"analysis", analysis_json(s.analysis)}});
    return sdk::Response::json(out);
}

sdk::Response SecurityPlugin::stats(const sdk::Request&, const Tenant& tenant) {
    const auto now = host_.clock.now_ms();
    return sdk::Response::json(risk_graph(store_.scores_since(tenant.id, risk_graph_since(now)), now));
}

sdk::Response SecurityPlugin::resolve(const sdk::Request& request, const Tenant& tenant) {
    const auto id = parse_id(request.path_param("issue_id").value_or(""));
    const auto resolved_at = id ? store_.resolve(tenant.id, *id, host_.clock.now_ms()) : std::nullopt;
    if (!resolved_at) throw sdk::HttpError(404, "No such issue for this tenant");
    return sdk::Response::json({{"id", std::to_string(*id)}, {"resolved", true}, {"resolved_at", sdk::iso_utc(*resolved_at)}});
}

sdk::Response SecurityPlugin::put_rule(const sdk::Request& request, const Tenant& tenant) {
    if (request.body.empty() || request.body.size() > kMaxRuleBytes)
        throw sdk::HttpError(422, "The rule must be 1 to 65536 bytes of Lua defining score(entry, analysis)");
    if (auto problem = rules_.check(tenant.username, request.body))
        throw sdk::HttpError(422, "The rule does not run: " + *problem);
    const auto now = host_.clock.now_ms();
    store_.set_rule(tenant.id, request.body, now);
    return sdk::Response::json({{"source", request.body}, {"updated_at", sdk::iso_utc(now)}});
}

sdk::Response SecurityPlugin::get_rule(const sdk::Request&, const Tenant& tenant) {
    if (tenant.rule_source.empty()) throw sdk::HttpError(404, "This tenant has no scoring rule");
    return sdk::Response::json({{"source", tenant.rule_source}, {"updated_at", sdk::iso_utc(tenant.rule_updated_at_ms)}});
}

sdk::Response SecurityPlugin::delete_rule(const sdk::Request&, const Tenant& tenant) {
    store_.set_rule(tenant.id, "", host_.clock.now_ms());
    return sdk::Response::no_content();
}

} // namespace sentinel::security
