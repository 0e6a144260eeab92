// The inline stylesheet and script of the HTML report (html_assets.cpp).
#pragma once

namespace interleave::reports::html_assets {

/// The page's CSS: swimlanes, the violating and the current step.
extern const char* const style;
/// The page's JavaScript: step-through buttons, arrow keys, copy button.
extern const char* const script;

}  // namespace interleave::reports::html_assets
