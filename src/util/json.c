/* placeholder */ typedef int placeholder_json_t;
