/* placeholder */ typedef int placeholder_numparse_t;
