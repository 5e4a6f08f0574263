/* placeholder */ typedef int placeholder_yuv_t;
