#include "check.h"
int main(void) { return CHECK_EXIT(); }
