#ifndef CARTOPRESS_CP_CURL_RUNTIME_H
#define CARTOPRESS_CP_CURL_RUNTIME_H
#include <curl/curl.h>

// libcurl, opened with dlopen the first time it is called (see cp_curl_runtime.c). Every entry point
// CartoPress uses, with typed shims for the variadic ones; each fails as libcurl would (NULL, an error
// code) when libcurl cannot be opened, and cp_curl_load_error says why.

/// 1 once libcurl is open and initialised, 0 if it cannot be.
int cp_curl_load(void);
/// Why libcurl cannot be opened, or NULL when it is open.
const char *cp_curl_load_error(void);

CURL *cp_curl_easy_init(void);
void cp_curl_easy_cleanup(CURL *handle);
void cp_curl_easy_reset(CURL *handle);
CURLcode cp_curl_easy_perform(CURL *handle);
const char *cp_curl_easy_strerror(CURLcode code);
struct curl_slist *cp_curl_slist_append(struct curl_slist *list, const char *text);
void cp_curl_slist_free_all(struct curl_slist *list);

CURLSH *cp_curl_share_init(void);
CURLSHcode cp_curl_share_setopt_lock(CURLSH *share, CURLSHoption option, void (*callback)(CURL *, curl_lock_data, curl_lock_access, void *));
CURLSHcode cp_curl_share_setopt_unlock(CURLSH *share, CURLSHoption option, void (*callback)(CURL *, curl_lock_data, void *));
CURLSHcode cp_curl_share_setopt_long(CURLSH *share, CURLSHoption option, long value);
void cp_curl_share_cleanup(CURLSH *share);

CURLcode cp_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cp_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode cp_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode cp_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode cp_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode cp_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode cp_curl_easy_setopt_opensocket_callback(CURL *handle, curl_socket_t (*callback)(void *, curlsocktype, struct curl_sockaddr *));
CURLcode cp_curl_easy_setopt_xferinfo_callback(CURL *handle, int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
/// Attaches a share handle (made by cp_curl_share_create) to an easy handle.
CURLcode cp_curl_easy_setopt_share(CURL *handle, CURLSH *share);
CURLcode cp_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode cp_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode cp_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);

#endif
