#include <cstdio>
#include "infokernels.h"
int main() { std::printf("placeholder %s\n", ik_version()); return 0; }
