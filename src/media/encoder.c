/* placeholder */ typedef int placeholder_encoder_t;
