/* placeholder */ typedef int placeholder_image_decode_t;
