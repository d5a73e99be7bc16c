#ifndef CARTOPRESS_CHIREDIS_SHIM_H
#define CARTOPRESS_CHIREDIS_SHIM_H
// redisCommand is variadic: callers use the binary-safe redisCommandArgv instead.
#include <hiredis/hiredis.h>
#endif
