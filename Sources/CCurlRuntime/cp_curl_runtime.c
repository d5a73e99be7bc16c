#include "cp_curl_runtime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// libcurl is opened the first time a request needs it, not linked: it brings some thirty libraries
// (OpenSSL, GnuTLS, Kerberos, LDAP, SSH...) whose loading and relocation every process would otherwise
// pay at start-up, though a render from local tiles never makes a request.

typedef struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *, CURLSHoption, ...);
    CURLSHcode (*share_cleanup)(CURLSH *);
} cp_curl_api;

static cp_curl_api api;
static int loaded = 0;
static char load_error[512] = "libcurl was not opened";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot open libcurl.so.4 (%s); install libcurl4", why ? why : "unknown error");
        return;
    }
#define CP_BIND(field, name)                                                                                  \
    do {                                                                                                      \
        *(void **)(&api.field) = dlsym(library, name);                                                        \
        if (api.field == NULL) {                                                                              \
            snprintf(load_error, sizeof load_error, "libcurl.so.4 has no %s; it is older than this build expects", name); \
            return;                                                                                           \
        }                                                                                                     \
    } while (0)
    CP_BIND(global_init, "curl_global_init");
    CP_BIND(easy_init, "curl_easy_init");
    CP_BIND(easy_cleanup, "curl_easy_cleanup");
    CP_BIND(easy_reset, "curl_easy_reset");
    CP_BIND(easy_perform, "curl_easy_perform");
    CP_BIND(easy_strerror, "curl_easy_strerror");
    CP_BIND(easy_setopt, "curl_easy_setopt");
    CP_BIND(easy_getinfo, "curl_easy_getinfo");
    CP_BIND(slist_append, "curl_slist_append");
    CP_BIND(slist_free_all, "curl_slist_free_all");
    CP_BIND(share_init, "curl_share_init");
    CP_BIND(share_setopt, "curl_share_setopt");
    CP_BIND(share_cleanup, "curl_share_cleanup");
#undef CP_BIND
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl's global initialisation failed");
        return;
    }
    loaded = 1;
}

int cp_curl_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *cp_curl_load_error(void) {
    cp_curl_load();
    return loaded ? NULL : load_error;
}

CURL *cp_curl_easy_init(void) { return cp_curl_load() ? api.easy_init() : NULL; }
void cp_curl_easy_cleanup(CURL *handle) { if (cp_curl_load()) api.easy_cleanup(handle); }
void cp_curl_easy_reset(CURL *handle) { if (cp_curl_load()) api.easy_reset(handle); }
CURLcode cp_curl_easy_perform(CURL *handle) { return cp_curl_load() ? api.easy_perform(handle) : CURLE_FAILED_INIT; }
const char *cp_curl_easy_strerror(CURLcode code) { return cp_curl_load() ? api.easy_strerror(code) : load_error; }

struct curl_slist *cp_curl_slist_append(struct curl_slist *list, const char *text) {
    return cp_curl_load() ? api.slist_append(list, text) : NULL;
}
void cp_curl_slist_free_all(struct curl_slist *list) { if (cp_curl_load()) api.slist_free_all(list); }

CURLSH *cp_curl_share_init(void) { return cp_curl_load() ? api.share_init() : NULL; }
CURLSHcode cp_curl_share_setopt_lock(CURLSH *share, CURLSHoption option, void (*callback)(CURL *, curl_lock_data, curl_lock_access, void *)) {
    return cp_curl_load() ? api.share_setopt(share, option, callback) : CURLSHE_NOT_BUILT_IN;
}
CURLSHcode cp_curl_share_setopt_unlock(CURLSH *share, CURLSHoption option, void (*callback)(CURL *, curl_lock_data, void *)) {
    return cp_curl_load() ? api.share_setopt(share, option, callback) : CURLSHE_NOT_BUILT_IN;
}
CURLSHcode cp_curl_share_setopt_long(CURLSH *share, CURLSHoption option, long value) {
    return cp_curl_load() ? api.share_setopt(share, option, value) : CURLSHE_NOT_BUILT_IN;
}
void cp_curl_share_cleanup(CURLSH *share) { if (cp_curl_load()) api.share_cleanup(share); }

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed shim per
// argument type.
CURLcode cp_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return cp_curl_load() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return cp_curl_load() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return cp_curl_load() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return cp_curl_load() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return cp_curl_load() ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, size_t (*callback)(char *, size_t, size_t, void *)) {
    return cp_curl_load() ? api.easy_setopt(handle, option, callback) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_opensocket_callback(CURL *handle, curl_socket_t (*callback)(void *, curlsocktype, struct curl_sockaddr *)) {
    return cp_curl_load() ? api.easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_xferinfo_callback(CURL *handle, int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return cp_curl_load() ? api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_setopt_share(CURL *handle, CURLSH *share) {
    return cp_curl_load() ? api.easy_setopt(handle, CURLOPT_SHARE, share) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return cp_curl_load() ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return cp_curl_load() ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
CURLcode cp_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return cp_curl_load() ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
