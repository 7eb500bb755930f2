#include <cstdio>
#include "infokernels.h"
int main() { int32_t c = 0; if (ik_cuda_device_count(&c) != IK_OK || c == 0) { std::printf("skipped: no GPU: %s\n", ik_last_error()); return 77; } return 0; }
