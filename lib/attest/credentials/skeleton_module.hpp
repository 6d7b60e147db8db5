#pragma once

#include <string>
#include <string_view>

// The entry point of the attest_confusables module (skeleton.cpp), which Confusables::load
// opens on first use: only the exclusion screening loads ICU and its 30 MB of data.
extern "C" {

// Sets `out` to the confusable skeleton of one UTF-8 encoded character (UTS #39, NFD), or to
// the character itself when ICU cannot compute one.
void attest_confusable_skeleton(std::string_view character, std::string& out);
}
