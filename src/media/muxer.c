/* placeholder */ typedef int placeholder_muxer_t;
