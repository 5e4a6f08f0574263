/* placeholder */ typedef int placeholder_timeparse_t;
