#ifndef VLMPREP_SHIMS_H
#define VLMPREP_SHIMS_H
int vlmprep_placeholder(void);
#endif
