-- Sentinel security scoring rule (admin): lowers the score of entries caused by the
-- organisation's own vulnerability scanners, so that scheduled scans do not flood the threat feed.
--
-- Rule contract (plugins/security/README-lua.md):
--   function score(entry, analysis) -> nil | table
--   entry    = {source, event_id, severity_level, message, metadata, tenant}
--   analysis = {score, severity, summary, prevention_measures,
--               findings = {{detector, score, summary}, ...}}
--   Return nil for no change, or a table with any of: score (absolute, 0..100), adjust (added to
--   the score), summary (replaces), append_summary (appended after "; "), prevention_measures
--   (replaces), append_prevention. Admin scripts (scripts/security/*.lua) run in name order, then
--   the tenant's own rule; each sees the previous result. Errors are logged and the script skipped.
--
-- What this rule does: when the entry's client address (metadata ip, src_ip, source_ip or
-- client_ip) is a scanner listed below, for every tenant ("*") or for the entry's tenant, it
-- takes 40 points off the score, never going below 10 so that the entry stays visible as LOW, and
-- says why in the summary. It leaves alone entries the sender reported as CRITICAL and entries with
-- a privilege escalation finding: a scanner host that escalates privileges is not scanning.
--
-- It ships with empty lists and changes nothing until an administrator adds addresses.

local SCANNERS = {
    ["*"] = {
        -- "10.20.0.15",          -- e.g. the Nessus appliance, for every tenant
    },
    -- corp_admin = {"192.0.2.10"}, -- e.g. only for tenant corp_admin
}

local REDUCTION = 40
local FLOOR = 10
local ADDRESS_KEYS = {"ip", "src_ip", "source_ip", "client_ip"}

local function set_of(addresses)
    local set = {}
    for _, address in ipairs(addresses or {}) do set[string.lower(address)] = true end
    return set
end

local for_everyone = set_of(SCANNERS["*"])
local per_tenant = {}
for tenant, addresses in pairs(SCANNERS) do
    if tenant ~= "*" then per_tenant[tenant] = set_of(addresses) end
end

-- The first address key present, matched case-insensitively like the built-in detectors do.
local function client_address(metadata)
    if type(metadata) ~= "table" then return nil end
    for _, wanted in ipairs(ADDRESS_KEYS) do
        for key, value in pairs(metadata) do
            if type(key) == "string" and string.lower(key) == wanted and type(value) == "string" then
                return string.lower(value)
            end
        end
    end
    return nil
end

local function has_finding(analysis, detector)
    for _, finding in ipairs(analysis.findings or {}) do
        if finding.detector == detector then return true end
    end
    return false
end

function score(entry, analysis)
    if analysis.score <= FLOOR then return nil end
    local address = client_address(entry.metadata)
    if address == nil then return nil end
    local tenant_scanners = per_tenant[entry.tenant]
    if not (for_everyone[address] or (tenant_scanners and tenant_scanners[address])) then return nil end
    if entry.severity_level == "CRITICAL" or has_finding(analysis, "privilege_escalation") then return nil end
    return {
        score = math.max(FLOOR, analysis.score - REDUCTION),
        append_summary = "source " .. address .. " is a known internal scanner (score lowered by admin rule)",
    }
end
