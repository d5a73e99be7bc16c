#ifndef CARTOPRESS_CFONTCONFIG_SHIM_H
#define CARTOPRESS_CFONTCONFIG_SHIM_H
#include <fontconfig/fontconfig.h>
#endif
