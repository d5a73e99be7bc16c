#ifndef CARTOPRESS_FUZZ_DRIVER_H
#define CARTOPRESS_FUZZ_DRIVER_H
/* Nothing to call from Swift: this target only supplies the executable's entry point (fuzz_driver.c). */
#endif
