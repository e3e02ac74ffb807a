-- Sentinel security scoring rule (admin): raises the score of administrator logins at night,
-- when nobody is expected to administer anything.
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
-- What this rule does: an entry whose message is about logging in (login, logon, sign-in,
-- authenticated, session opened) for an administrative account (metadata user, username, user_id
-- or account is one of ADMIN_ACCOUNTS) that arrives between NIGHT_START and NIGHT_END gets 20
-- more points (at most 100) and a note in the summary and the prevention advice. Failed and
-- successful logins both count. The hour is the time the entry is scored (entries carry no
-- timestamp of their own), in UTC shifted by UTC_OFFSET_HOURS: set it to your main office's offset.

local ADMIN_ACCOUNTS = {"admin", "administrator", "root", "superuser", "sysadmin"}
local NIGHT_START = 22     -- 22:00 local
local NIGHT_END = 6        -- until 05:59 local
local UTC_OFFSET_HOURS = 0 -- e.g. 1 for Central European (winter) time
local RAISE = 20

local USER_KEYS = {"user", "username", "user_id", "account"}
local LOGIN_WORDS = {"login", "log in", "logged in", "logon", "sign-in", "sign in", "signed in",
                     "authenticated", "authentication", "session opened"}

local admins = {}
for _, name in ipairs(ADMIN_ACCOUNTS) do admins[name] = true end

local function account(metadata)
    if type(metadata) ~= "table" then return nil end
    for _, wanted in ipairs(USER_KEYS) do
        for key, value in pairs(metadata) do
            if type(key) == "string" and string.lower(key) == wanted and type(value) == "string" then
                return string.lower(value)
            end
        end
    end
    return nil
end

local function about_login(message)
    local text = string.lower(message or "")
    for _, word in ipairs(LOGIN_WORDS) do
        if string.find(text, word, 1, true) then return true end
    end
    return false
end

local function local_hour()
    local hour = os.date("!*t").hour
    return (hour + UTC_OFFSET_HOURS) % 24
end

local function at_night(hour)
    if NIGHT_START > NIGHT_END then return hour >= NIGHT_START or hour < NIGHT_END end
    return hour >= NIGHT_START and hour < NIGHT_END
end

function score(entry, analysis)
    local user = account(entry.metadata)
    if user == nil or not admins[user] then return nil end
    if not about_login(entry.message) or not at_night(local_hour()) then return nil end
    return {
        adjust = RAISE,
        append_summary = "administrator login (" .. user .. ") outside business hours",
        append_prevention = "Confirm the login with the account owner; require MFA for administrator accounts",
    }
end
