#ifndef LEERPOOL_PROTO_DESCRIPTOR_SET_H_
#define LEERPOOL_PROTO_DESCRIPTOR_SET_H_

#include <string_view>

namespace leerpool::proto {

// The serialized google.protobuf.FileDescriptorSet of every Leerpool API (with imports and
// source comments), produced by protoc at build time.
std::string_view DescriptorSetBytes();

}  // namespace leerpool::proto

#endif  // LEERPOOL_PROTO_DESCRIPTOR_SET_H_
