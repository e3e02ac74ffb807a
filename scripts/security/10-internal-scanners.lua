-- Admin scoring rule for the security plugin (scripts/security/*.lua run in name order after the
-- built-in detectors, before the tenant's own rule).
--
-- Contract: define score(entry, analysis).
--   entry    = {source, event_id, severity_level, message, metadata, tenant}
--   analysis = {score, severity, summary, prevention_measures, findings = {{detector, score, summary}, ...}}
-- Return nil to change nothing, or a table with any of:
--   score (0..100, replaces), adjust (added to the score), summary / append_summary,
--   prevention_measures / append_prevention. The severity follows the final score.
--
-- This rule: your own vulnerability scanners trip the scanner and injection detectors on
-- purpose. List their addresses below and their entries are kept but scored low. Empty by
-- default, so it changes nothing until you fill it in.
local internal_scanners = {
  -- ["10.0.5.20"] = "nightly Nessus scan",
}

function score(entry, analysis)
  local ip = entry.metadata and (entry.metadata.ip or entry.metadata.src_ip or entry.metadata.client_ip)
  local why = ip and internal_scanners[ip]
  if why and analysis.score > 20 then
    return {score = 10, append_summary = "internal scanner " .. ip .. " (" .. why .. ")"}
  end
  return nil
end
