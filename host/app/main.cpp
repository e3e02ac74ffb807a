// sentineld: the Sentinel host process.
#include "app/application.hpp"
#include "app/key_commands.hpp"
#include "app/monitor_commands.hpp"
#include "config/settings.hpp"
#include "logging/logging.hpp"

#include <sentinel/plugin_api.h>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>
#include <pthread.h>

#ifndef SENTINEL_VERSION
#define SENTINEL_VERSION "0.0.0"
#endif

namespace {

using namespace sentinel::host;

// Blocks the shutdown signals in every thread (threads inherit the mask), so that only the main
// thread's sigwait receives them.
sigset_t block_shutdown_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

int serve(const Settings& settings, const sigset_t& signals) {
    Application app(settings);
    try {
        app.start();
    } catch (const std::exception& e) {
        spdlog::critical("sentineld could not start: {}", e.what());
        return 1;
    }
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received {}, stopping", received == SIGTERM ? "SIGTERM" : "SIGINT");
    app.stop();
    return 0;
}

void describe(const Settings& s) {
    std::cout << "configuration OK" << (s.config_file.empty() ? " (built-in defaults)" : ": " + s.config_file.string())
              << "\n  listen        " << s.listen_address << ":" << s.listen_port
              << "\n  database      " << (s.database_url.rfind("postgres", 0) == 0 ? "postgresql (URL hidden)" : s.database_url)
              << "\n  plugins dir   " << s.plugins_dir.string()
              << "\n  scripts dir   " << s.scripts_dir.string()
              << "\n  log           " << s.log_level << " (" << s.log_format << ")"
              << "\n  region        " << s.region << "\n";
    for (const auto& w : s.warnings) std::cout << "  warning: " << w << "\n";
}

} // namespace

int main(int argc, char** argv) {
    const sigset_t signals = block_shutdown_signals();

    CLI::App cli{"sentineld - the Sentinel monitoring and security server.\n"
                 "Serves the HTTP API and loads every plugin (*.so) from the plugins directory."};
    cli.set_version_flag("--version", std::string("sentineld ") + SENTINEL_VERSION + " (plugin API " +
                                          SNL_API_VERSION_STRING + ")");
    std::string config_file;
    SettingsOverrides overrides;
    std::string listen, plugins_dir, database_url, log_level;
    bool check_config = false;
    cli.add_option("-c,--config", config_file, "INI configuration file (e.g. etc/sentinel.conf)")
        ->envname("SENTINEL_CONFIG");
    cli.add_option("--listen", listen, "Listen address, host:port (default 127.0.0.1:8080)")->envname("SENTINEL_LISTEN");
    cli.add_option("--plugins-dir", plugins_dir, "Directory of plugin .so files")->envname("SENTINEL_PLUGINS_DIR");
    cli.add_option("--database-url", database_url,
                   "sqlite:<path> (embedded default) or postgresql://user:pass@host:port/db")
        ->envname("SENTINEL_DATABASE_URL");
    cli.add_option("--log-level", log_level, "trace, debug, info, warn or error")->envname("SENTINEL_LOG_LEVEL");
    cli.add_flag("--check-config", check_config, "Validate the configuration, print a summary and exit");

    auto* keys = cli.add_subcommand("keys", "Manage API keys (stored only as SHA-256 hashes)");
    keys->require_subcommand(1);
    KeyCreateOptions create;
    auto* create_cmd = keys->add_subcommand("create", "Create a key and print it once");
    create_cmd->add_option("--role", create.role, "VIEWER, DEVELOPER, OPERATOR or ADMIN")->required();
    create_cmd->add_option("--name", create.name, "What the key is for, e.g. 'ops' or 'ci'")->required();
    create_cmd->add_option("--team", create.team, "Team id the key belongs to");
    create_cmd->add_option("--plan", create.plan,
                           "Plan whose request quotas apply to the key: free (default) or pro")
        ->check(CLI::IsMember({"free", "pro"}));
    create_cmd->add_option("--expires-in-days", create.expires_in_days, "Expire the key after N days (1-3650)");
    create_cmd->add_flag("--quiet", create.quiet, "Print only the key (for scripts)");
    bool list_all = false;
    auto* list_cmd = keys->add_subcommand("list", "List keys (never their secrets)");
    list_cmd->add_flag("--all", list_all, "Include revoked keys");
    std::string revoke_id;
    auto* revoke_cmd = keys->add_subcommand("revoke", "Revoke a key by id");
    revoke_cmd->add_option("id", revoke_id, "Key id, as shown by 'keys list'")->required();

    auto* monitors = cli.add_subcommand("monitors", "Maintain the monitors' stored history");
    monitors->require_subcommand(1);
    auto* rollup_cmd = monitors->add_subcommand(
        "rollup", "Fold raw results older than [monitors] raw_retention_hours into per-minute aggregates, and "
                  "those older than minute_retention_days into per-hour aggregates, now");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    if (!listen.empty()) overrides.listen = listen;
    if (!plugins_dir.empty()) overrides.plugins_dir = plugins_dir;
    if (!database_url.empty()) overrides.database_url = database_url;
    if (!log_level.empty()) overrides.log_level = log_level;

    Settings settings;
    try {
        settings = load_settings(config_file, overrides);
    } catch (const ConfigError& e) {
        std::cerr << "sentineld: configuration error: " << e.what() << "\n";
        return 2;
    }
    if (check_config) {
        describe(settings);
        return 0;
    }
    configure_logging(settings.log_level, settings.log_format);
    for (const auto& w : settings.warnings) spdlog::warn("{}", w);

    try {
        if (create_cmd->parsed()) return run_keys_create(settings, create);
        if (list_cmd->parsed()) return run_keys_list(settings, list_all);
        if (revoke_cmd->parsed()) return run_keys_revoke(settings, revoke_id);
        if (rollup_cmd->parsed()) return run_monitors_rollup(settings);
        return serve(settings, signals);
    } catch (const std::exception& e) {
        spdlog::critical("sentineld: {}", e.what());
        return 1;
    }
}
