// Plans: what an API key's plan allows. Plan-limited routes (SNL_ROUTE_PLAN_QUOTA) count each
// caller's requests per minute and per day against its plan; plugins size retention by it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace sentinel::host {

struct PlanQuota {
    std::uint32_t requests_per_minute = 0;
    std::uint32_t requests_per_day = 0;
    std::uint32_t retention_days = 0;
};

using PlanTable = std::map<std::string, PlanQuota, std::less<>>;

// Spec 000: Free 100/minute, 10,000/day, 30 days; Pro 1,000/minute, 100,000/day, one year.
inline PlanTable default_plans() {
    return {{"free", {100, 10'000, 30}}, {"pro", {1'000, 100'000, 365}}};
}

// The plan unauthenticated callers and keys with an unknown plan are counted on.
inline constexpr const char* kFallbackPlan = "free";

} // namespace sentinel::host
