/* placeholder */ typedef int placeholder_packet_list_t;
