// leerpool-demo: loads demo data into a running Leerpool through the gateway's HTTP API.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "clients/demo/demo_script.h"
#include "clients/http/http_client.h"

int main(int argc, char** argv) {
  CLI::App app{"Loads Leerpool demo data through the HTTP API", "leerpool-demo"};
  std::string url = "http://127.0.0.1:8080";
  std::string data_file;
  app.add_option("--url", url, "Gateway base URL")->capture_default_str();
  app.add_option("--data", data_file, "Demo data file (JSON steps)")->required();
  CLI11_PARSE(app, argc, argv);

  const std::string prefix = "http://";
  const size_t colon = url.rfind(':');
  uint32_t port = 0;
  if (!url.starts_with(prefix) || colon < prefix.size() ||
      !absl::SimpleAtoi(url.substr(colon + 1), &port) || port > 65535) {
    std::fprintf(stderr, "leerpool-demo: --url must look like http://host:port\n");
    return 2;
  }
  std::ifstream in(data_file);
  if (!in) {
    std::fprintf(stderr, "leerpool-demo: cannot read %s\n", data_file.c_str());
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json script = nlohmann::json::parse(text.str(), nullptr, false);
  if (script.is_discarded()) {
    std::fprintf(stderr, "leerpool-demo: %s is not valid JSON\n", data_file.c_str());
    return 2;
  }
  leerpool::clients::HttpClient client(url.substr(prefix.size(), colon - prefix.size()),
                                       static_cast<unsigned short>(port));
  int steps = 0;
  absl::Status status = leerpool::demo::RunScript(
      script,
      [&client](const std::string& method, const std::string& path, const std::string& body,
                const std::string& token) -> absl::StatusOr<std::pair<int, std::string>> {
        std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        auto result = client.Send(method, path, method == "GET" ? "" : body, headers);
        if (!result.ok()) return result.status();
        return std::make_pair(result->status, result->body);
      },
      &steps);
  if (!status.ok()) {
    std::fprintf(stderr, "leerpool-demo: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "leerpool-demo: %d steps loaded\n", steps);
  return 0;
}
