// Writes the synthetic Copenhagen case register of the benchmarks (copenhagen_workload.hpp) as
// CSV to stdout, for end-to-end measurements through the CLI and the Python bindings:
//   build/bench/make_register 1000000 > /tmp/register.csv
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include "copenhagen_workload.hpp"

int main(int argc, char** argv) {
  std::size_t n = 0;
  const char* arg = argc == 2 ? argv[1] : "";
  auto [end, ec] = std::from_chars(arg, arg + std::strlen(arg), n);
  if (argc != 2 || ec != std::errc{} || *end != '\0' || n == 0) {
    std::fprintf(stderr,
                 "usage: make_register RECORDS [> register.csv]\n"
                 "  RECORDS: how many cases to write (a positive whole number)\n");
    return 2;
  }
  std::ios::sync_with_stdio(false);
  constexpr std::size_t chunk = 100'000;  // memory stays flat however many records
  bool header = true;
  for (std::size_t done = 0; done < n; done += chunk) {
    auto cases = ssprules::bench::make_copenhagen_cases(
        std::min(chunk, n - done), static_cast<unsigned>(42 + done / chunk), done);
    std::string text = ssprules::bench::copenhagen_csv(cases);
    std::string_view body = text;
    if (!header) body.remove_prefix(body.find('\n') + 1);
    header = false;
    std::cout << body;
  }
  return std::cout ? 0 : 1;
}
