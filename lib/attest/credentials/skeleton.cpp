#include <memory>
#include <unicode/uspoof.h>

#include <attest/credentials/skeleton.hpp>

namespace attest::credentials {

namespace {

struct SpoofClose {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

// One checker, opened on first use and never changed: uspoof_getSkeleton only reads it, so
// the threads that screen in parallel may share it.
const USpoofChecker* checker() {
    static const std::unique_ptr<USpoofChecker, SpoofClose> instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<USpoofChecker, SpoofClose> opened(uspoof_open(&status));
        if (U_FAILURE(status)) {
            opened.reset();
        }
        return opened;
    }();
    return instance.get();
}

} // namespace

std::string confusable_skeleton(std::string_view character) {
    const USpoofChecker* spoof = checker();
    if (spoof == nullptr) {
        return std::string(character);
    }
    std::string input(character);
    char buffer[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length =
        uspoof_getSkeletonUTF8(spoof, 0, input.c_str(), static_cast<int32_t>(input.size()), buffer,
                               static_cast<int32_t>(sizeof buffer), &status);
    if (U_FAILURE(status) || length < 0 || length > static_cast<int32_t>(sizeof buffer)) {
        return input;
    }
    return std::string(buffer, static_cast<size_t>(length));
}

} // namespace attest::credentials
