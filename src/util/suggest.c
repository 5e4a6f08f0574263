/* placeholder */ typedef int placeholder_suggest_t;
