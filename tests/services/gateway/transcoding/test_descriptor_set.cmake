# Compiles testdata/transcoding_test.proto (with imports) into a descriptor set file that the
# transcoding tests and the fuzzer load at run time. Sets TRANSCODING_TEST_DESCRIPTOR_SET and
# defines the target transcoding_test_descriptor_set that produces it.
set(TRANSCODING_TEST_DESCRIPTOR_SET
    ${PROJECT_BINARY_DIR}/tests/services/gateway/transcoding/transcoding_test.desc)
if(NOT TARGET transcoding_test_descriptor_set)
  set(_test_proto_dir ${CMAKE_CURRENT_LIST_DIR}/testdata)
  add_custom_command(
    OUTPUT ${TRANSCODING_TEST_DESCRIPTOR_SET}
    COMMAND protobuf::protoc
            --proto_path=${_test_proto_dir} --proto_path=${PROJECT_SOURCE_DIR}/proto
            --proto_path=${GOOGLEAPIS_DIR}
            --include_imports --include_source_info
            --descriptor_set_out=${TRANSCODING_TEST_DESCRIPTOR_SET}
            transcoding_test.proto
    DEPENDS ${_test_proto_dir}/transcoding_test.proto protobuf::protoc
    COMMENT "protoc transcoding_test.proto descriptor set")
  add_custom_target(transcoding_test_descriptor_set DEPENDS ${TRANSCODING_TEST_DESCRIPTOR_SET})
endif()
