#include <memory>
#include <unicode/uspoof.h>

#include <attest/credentials/skeleton_module.hpp>

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

extern "C" {

extern const char* const attest_module_version;
const char* const attest_module_version = ATTEST_VERSION;

void attest_confusable_skeleton(std::string_view character, std::string& out) {
    out.assign(character);
    const USpoofChecker* spoof = checker();
    if (spoof == nullptr) {
        return;
    }
    char buffer[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = uspoof_getSkeletonUTF8(spoof, 0, out.c_str(), static_cast<int32_t>(out.size()),
                                            buffer, static_cast<int32_t>(sizeof buffer), &status);
    if (U_FAILURE(status) || length < 0 || length > static_cast<int32_t>(sizeof buffer)) {
        return;
    }
    out.assign(buffer, static_cast<size_t>(length));
}
}
