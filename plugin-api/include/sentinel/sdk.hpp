// The Sentinel plugin SDK: include this one header to write a plugin.
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/error_body.hpp>
#include <sentinel/sdk/errors.hpp>
#include <sentinel/sdk/host_services.hpp>
#include <sentinel/sdk/http.hpp>
#include <sentinel/sdk/monitors.hpp>
#include <sentinel/sdk/pagination.hpp>
#include <sentinel/sdk/sse.hpp>
#include <sentinel/sdk/plugin.hpp>
#include <sentinel/sdk/tables.hpp>
