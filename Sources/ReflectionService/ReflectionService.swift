/// ReflectionService: serves grpc.reflection.v1 and v1alpha from a DescriptorPool. (Types land in this module as
/// the server is built.)
enum ReflectionServiceModule {}
