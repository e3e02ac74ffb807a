#include "http/route_table.hpp"

#include "http/url_codec.hpp"

#include <algorithm>
#include <mutex>

namespace sentinel::host {

Route host_route(std::string method, std::string path, Role min_role, std::string summary, RouteHandler handler,
                 bool audit) {
    Route r;
    r.owner = "host";
    r.method = std::move(method);
    r.path = std::move(path);
    r.min_role = min_role;
    r.summary = std::move(summary);
    r.audit = audit;
    r.handler = std::move(handler);
    return r;
}

namespace {

const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        auto slash = path.find('/');
        auto part = path.substr(0, slash);
        if (!part.empty()) out.push_back(part);
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

} // namespace

RouteTable::Entry RouteTable::compile(Route route) {
    if (std::find(kMethods.begin(), kMethods.end(), route.method) == kMethods.end())
        throw std::invalid_argument("route " + route.path + ": unsupported method '" + route.method + "'");
    if (route.path.empty() || route.path.front() != '/')
        throw std::invalid_argument("route path '" + route.path + "' must start with '/'");
    if (!route.handler) throw std::invalid_argument("route " + route.path + " has no handler");
    Entry e;
    for (auto part : split_path(route.path)) {
        if (part.front() == ':') {
            if (part.size() == 1)
                throw std::invalid_argument("route path '" + route.path + "' has an unnamed capture");
            e.segments.emplace_back();
            e.capture_names.emplace_back(part.substr(1));
        } else {
            e.segments.emplace_back(part);
        }
    }
    e.route = std::make_shared<const Route>(std::move(route));
    return e;
}

bool RouteTable::same_shape(const Entry& a, const Entry& b) {
    return a.route->method == b.route->method && a.segments == b.segments;
}

void RouteTable::add(Route route) {
    std::vector<Route> one;
    one.push_back(std::move(route));
    add_all(std::move(one));
}

void RouteTable::add_all(std::vector<Route> routes) {
    std::vector<Entry> compiled;
    compiled.reserve(routes.size());
    for (auto& r : routes) compiled.push_back(compile(std::move(r)));

    std::unique_lock lock(mutex_);
    for (std::size_t i = 0; i < compiled.size(); ++i) {
        const auto& candidate = compiled[i];
        auto clash = [&](const Entry& existing) { return same_shape(existing, candidate); };
        auto existing = std::find_if(entries_.begin(), entries_.end(), clash);
        auto sibling = std::find_if(compiled.begin(), compiled.begin() + static_cast<long>(i), clash);
        const Entry* other = existing != entries_.end() ? &*existing
                             : sibling != compiled.begin() + static_cast<long>(i) ? &*sibling
                                                                                   : nullptr;
        if (other) {
            throw RouteConflict("route " + candidate.route->method + " " + candidate.route->path +
                                " of '" + candidate.route->owner + "' collides with " +
                                other->route->method + " " + other->route->path + " of '" +
                                other->route->owner + "'");
        }
    }
    for (auto& e : compiled) entries_.push_back(std::move(e));
}

void RouteTable::remove_owner(const std::string& owner) {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [&](const Entry& e) { return e.route->owner == owner; });
}

RouteTable::Match RouteTable::match(std::string_view method, std::string_view raw_path) const {
    auto parts = split_path(raw_path);
    std::vector<std::string> decoded;
    decoded.reserve(parts.size());
    for (auto p : parts) {
        auto d = percent_decode(p, false);
        if (!d) return Match{MatchStatus::BadPath, nullptr, {}, {}};
        decoded.push_back(std::move(*d));
    }

    std::shared_lock lock(mutex_);
    const Entry* best = nullptr;
    std::vector<bool> best_rank;
    std::vector<std::string> allowed;
    for (const auto& e : entries_) {
        if (e.segments.size() != decoded.size()) continue;
        std::vector<bool> rank; // true = static segment; lexicographically larger is more specific
        rank.reserve(e.segments.size());
        bool ok = true;
        for (std::size_t i = 0; i < e.segments.size() && ok; ++i) {
            bool is_static = !e.segments[i].empty();
            ok = !is_static || e.segments[i] == decoded[i];
            rank.push_back(is_static);
        }
        if (!ok) continue;
        if (e.route->method != method) {
            allowed.push_back(e.route->method);
            continue;
        }
        if (!best || rank > best_rank) {
            best = &e;
            best_rank = std::move(rank);
        }
    }
    if (!best) {
        if (allowed.empty()) return Match{};
        std::sort(allowed.begin(), allowed.end());
        allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
        return Match{MatchStatus::MethodNotAllowed, nullptr, {}, std::move(allowed)};
    }
    Match m{MatchStatus::Found, best->route, {}, {}};
    std::size_t capture = 0;
    for (std::size_t i = 0; i < best->segments.size(); ++i) {
        if (best->segments[i].empty())
            m.params.emplace_back(best->capture_names[capture++], decoded[i]);
    }
    return m;
}

std::vector<std::shared_ptr<const Route>> RouteTable::routes() const {
    std::shared_lock lock(mutex_);
    std::vector<std::shared_ptr<const Route>> out;
    for (const auto& e : entries_) out.push_back(e.route);
    return out;
}

std::vector<std::shared_ptr<const Route>> RouteTable::routes_of(const std::string& owner) const {
    std::shared_lock lock(mutex_);
    std::vector<std::shared_ptr<const Route>> out;
    for (const auto& e : entries_)
        if (e.route->owner == owner) out.push_back(e.route);
    return out;
}

} // namespace sentinel::host
