#include "cp_curl_share.h"
#include "cp_curl_runtime.h"

#include <curl/curl.h>
#include <pthread.h>

static pthread_mutex_t mutexes[CURL_LOCK_DATA_LAST];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_mutexes(void) {
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++) pthread_mutex_init(&mutexes[i], NULL);
}

static void lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *user) {
    (void)handle; (void)access; (void)user;
    pthread_mutex_lock(&mutexes[data]);
}

static void unlock(CURL *handle, curl_lock_data data, void *user) {
    (void)handle; (void)user;
    pthread_mutex_unlock(&mutexes[data]);
}

void *cp_curl_share_create(void) {
    pthread_once(&once, init_mutexes);
    CURLSH *share = cp_curl_share_init();
    if (share == NULL) return NULL;
    if (cp_curl_share_setopt_lock(share, CURLSHOPT_LOCKFUNC, lock) != CURLSHE_OK ||
        cp_curl_share_setopt_unlock(share, CURLSHOPT_UNLOCKFUNC, unlock) != CURLSHE_OK ||
        cp_curl_share_setopt_long(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
        cp_curl_share_setopt_long(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        cp_curl_share_cleanup(share);
        return NULL;
    }
    return share;
}
