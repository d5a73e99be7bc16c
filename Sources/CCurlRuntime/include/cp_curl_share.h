#ifndef CARTOPRESS_CP_CURL_SHARE_H
#define CARTOPRESS_CP_CURL_SHARE_H

// A libcurl share handle for a pool of easy handles used from several threads: one DNS cache and one TLS
// session cache for all of them (each handle keeps its own connections: a shared connection cache made
// 16 parallel fetches three times slower here). libcurl asks for locks through C callbacks, which live
// here with their mutexes (compiled C, so the mutexes have real storage).

/// A share handle sharing DNS answers and TLS sessions (a CURLSH *), or NULL if libcurl
/// refuses; free it with cp_curl_share_cleanup after every easy handle using it.
void *cp_curl_share_create(void);

#endif
