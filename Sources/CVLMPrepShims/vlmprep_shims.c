#include "vlmprep_shims.h"
int vlmprep_placeholder(void) { return 0; }
