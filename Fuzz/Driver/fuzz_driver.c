// The fuzz executable's entry point. SwiftPM links an executable whose `main` is `<product>_main`, which a
// Swift module without top-level code does not define; libFuzzer's own `main` is therefore replaced by this
// one, which hands the command line to libFuzzer's driver with the Swift target's entry point.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int cartopress_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
