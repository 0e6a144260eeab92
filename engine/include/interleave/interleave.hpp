// The whole public API of the model checker.
#pragma once

#include "interleave/check.hpp"
#include "interleave/location.hpp"
#include "interleave/model_sync.hpp"
#include "interleave/options.hpp"
#include "interleave/real_sync.hpp"
#include "interleave/result.hpp"
