/// GRPCDynamic: a gRPC client for methods chosen at run time, driven by descriptors from server reflection or
/// protosets and by JSON through DynamicProto. (Types land in the files of this module as the client is built.)
enum GRPCDynamicModule {}
