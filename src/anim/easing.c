/* placeholder */ typedef int placeholder_easing_t;
