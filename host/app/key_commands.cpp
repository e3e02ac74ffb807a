#include "app/key_commands.hpp"

#include "app/host_schema.hpp"
#include "auth/api_keys.hpp"
#include "auth/roles.hpp"
#include "scheduling/clock.hpp"
#include "storage/database.hpp"

#include <cstdio>
#include <iostream>

namespace sentinel::host {
namespace {

std::unique_ptr<Database> open_database(const Settings& s) {
    auto db = Database::open(DatabaseConfig{s.database_url, 1, s.sqlite_synchronous});
    apply_migrations(*db, "host", host_migrations());
    return db;
}

} // namespace

int run_keys_create(const Settings& settings, const KeyCreateOptions& o) {
    auto role = parse_role(o.role);
    if (!role) {
        std::cerr << "sentineld keys create: --role must be VIEWER, DEVELOPER, OPERATOR or ADMIN, got '" << o.role
                  << "'\n";
        return 2;
    }
    if (o.name.empty() || o.name.size() > 128) {
        std::cerr << "sentineld keys create: --name must be 1 to 128 characters\n";
        return 2;
    }
    SystemClock clock;
    std::optional<TimePoint> expires;
    if (o.expires_in_days) {
        if (*o.expires_in_days < 1 || *o.expires_in_days > 3650) {
            std::cerr << "sentineld keys create: --expires-in-days must be from 1 to 3650\n";
            return 2;
        }
        expires = clock.now() + std::chrono::hours(24) * *o.expires_in_days;
    }
    auto db = open_database(settings);
    KeyStore keys(*db, clock);
    auto created = keys.create(o.name, *role, o.team, expires, o.plan);
    if (o.quiet) {
        std::cout << created.secret << "\n";
        return 0;
    }
    std::cout << "Created API key " << created.record.id << " (" << created.record.name << ", "
              << sdk::role_name(*role) << (o.team.empty() ? "" : ", team " + o.team) << ", plan " << o.plan << ")"
              << (created.record.expires_at.empty() ? "" : ", expires " + created.record.expires_at) << ".\n"
              << "Store it now; Sentinel keeps only its hash and cannot show it again:\n\n"
              << "  " << created.secret << "\n\n"
              << "Use it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.\n";
    return 0;
}

int run_keys_list(const Settings& settings, bool include_revoked) {
    auto db = open_database(settings);
    SystemClock clock;
    KeyStore keys(*db, clock);
    auto list = keys.list(include_revoked);
    if (list.empty()) {
        std::cout << "No API keys. Create one with: sentineld keys create --role ADMIN --name <name>\n";
        return 0;
    }
    std::printf("%-22s %-20s %-10s %-5s %-14s %-12s %-24s %s\n", "ID", "NAME", "ROLE", "PLAN", "PREFIX", "TEAM",
                "LAST USED", "STATUS");
    for (const auto& k : list) {
        std::string status = !k.revoked_at.empty() ? "revoked " + k.revoked_at
                             : !k.expires_at.empty() ? "expires " + k.expires_at
                                                     : "active";
        std::printf("%-22s %-20s %-10s %-5s %-14s %-12s %-24s %s\n", k.id.c_str(), k.name.c_str(),
                    std::string(sdk::role_name(k.role)).c_str(), k.plan.c_str(), k.prefix.c_str(),
                    k.team_id.empty() ? "-" : k.team_id.c_str(),
                    k.last_used_at.empty() ? "never" : k.last_used_at.c_str(), status.c_str());
    }
    return 0;
}

int run_keys_revoke(const Settings& settings, const std::string& id) {
    auto db = open_database(settings);
    SystemClock clock;
    KeyStore keys(*db, clock);
    if (!keys.revoke(id)) {
        std::cerr << "sentineld keys revoke: no active key with id '" << id << "' (see 'sentineld keys list')\n";
        return 1;
    }
    std::cout << "Revoked " << id << ". Running servers stop accepting it within 10 seconds.\n";
    return 0;
}

} // namespace sentinel::host
