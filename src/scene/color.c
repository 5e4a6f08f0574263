/* placeholder */ typedef int placeholder_color_t;
