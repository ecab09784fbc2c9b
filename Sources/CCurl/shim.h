#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
// Typed wrappers over libcurl's variadic entry points (curl_easy_setopt, curl_easy_getinfo), which Swift
// cannot call. One wrapper per argument kind, after swift-corelibs-foundation's CFURLSessionInterface and
// Kitura-net's CCurl shim. Only the Swift module `Curl` imports this.
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdint.h>

/// CURLOPT_* taking a `long` (NOSIGNAL, CONNECTTIMEOUT_MS, MAXREDIRS, ...).
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
/// CURLOPT_* taking a `curl_off_t` (MAXFILESIZE_LARGE, ...).
static inline CURLcode ccurl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
/// CURLOPT_* taking a C string (URL, USERAGENT, PROXY, CAINFO, ...). libcurl copies the string.
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
/// CURLOPT_* taking a data pointer (WRITEDATA, HEADERDATA, XFERINFODATA, ERRORBUFFER).
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
/// CURLOPT_HTTPHEADER and other list options.
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

/// The shape of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode ccurl_setopt_data_cb(CURL *h, CURLoption o, ccurl_data_cb cb) { return curl_easy_setopt(h, o, cb); }

/// The shape of CURLOPT_XFERINFOFUNCTION: return non-zero to abort with CURLE_ABORTED_BY_CALLBACK.
typedef int (*ccurl_xferinfo_cb)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                 curl_off_t ulnow);
static inline CURLcode ccurl_setopt_xferinfo_cb(CURL *h, ccurl_xferinfo_cb cb) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}

static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode ccurl_getinfo_string(CURL *h, CURLINFO i, char **out) { return curl_easy_getinfo(h, i, out); }

/// `curl_version_info(CURLVERSION_NOW)`: the macro alias is not imported by Swift.
static inline curl_version_info_data *ccurl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

/// `curl_global_init(CURL_GLOBAL_DEFAULT)` (the flag macro is a compound expression Swift does not import),
/// preceded by `OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT)` when the process has OpenSSL >= 1.1.1b loaded, as
/// swift-corelibs-foundation's CFURLSessionInit does (swift-corelibs-foundation #5469, swift-package-manager
/// #8171): without its atexit cleanup, a libcurl handle freed while the process exits cannot touch freed
/// OpenSSL state. Looked up at run time, so there is no link-time dependency on libcrypto.
static inline CURLcode ccurl_global_init_default(void) {
    typedef int (*ccurl_openssl_init_crypto)(uint64_t opts, const void *settings);
    void *self = dlopen(NULL, RTLD_LAZY);
    if (self != NULL) {
        ccurl_openssl_init_crypto init = (ccurl_openssl_init_crypto)dlsym(self, "OPENSSL_init_crypto");
        if (init != NULL) { (void)init(0x00080000L /* OPENSSL_INIT_NO_ATEXIT */, NULL); }
        dlclose(self);
    }
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/// CURL_ERROR_SIZE, the size CURLOPT_ERRORBUFFER requires.
static inline int ccurl_error_size(void) { return CURL_ERROR_SIZE; }
#endif
