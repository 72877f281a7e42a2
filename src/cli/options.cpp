#include "options.hpp"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "ssprules/detail/vocabulary.hpp"

namespace ssprules::cli {

options options::parse(const std::vector<std::string>& args, const std::set<std::string>& valued,
                       const std::set<std::string>& flag_names) {
  options out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2);
      std::optional<std::string> inline_value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (valued.count(name)) {
        if (inline_value) {
          out.values[name] = *inline_value;
        } else if (i + 1 < args.size()) {
          out.values[name] = args[++i];
        } else {
          throw usage_error("option `--" + name + "` needs a value");
        }
      } else if (flag_names.count(name) && !inline_value) {
        out.flags.insert(name);
      } else {
        throw usage_error("unknown option `" + a + "`");
      }
    } else {
      out.positionals.push_back(a);
    }
  }
  return out;
}

std::optional<std::string> options::value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

date as_of_option(const options& opts) {
  if (auto text = opts.value("as-of")) {
    auto d = date::parse(*text);
    if (!d) throw usage_error("`--as-of " + *text + "` is not a date; write YYYY-MM-DD");
    return *d;
  }
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  return *date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

language lang_option(const options& opts) {
  const std::string name = opts.value("lang").value_or("en");
  if (std::optional<language> lang = detail::language_named(name)) return *lang;
  throw usage_error("`--lang " + name + "`: choose " + detail::language_names +
                    " (English or Danish)");
}

std::optional<record_format> input_format(const options& opts, const std::string& path) {
  if (auto given = opts.value("input")) {
    if (*given == "csv") return record_format::csv;
    if (*given == "jsonl") return record_format::jsonl;
    throw usage_error("`--input " + *given + "`: choose csv or jsonl");
  }
  return format_of_path(path);
}

void open_records_file(std::ifstream& file, const std::string& path, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw usage_error("`" + path + "` is a directory; give a " + what +
                      " (CSV or JSON Lines), or `-` for stdin");
  }
  file.open(path, std::ios::binary);
  if (!file) throw usage_error("cannot open " + what + " `" + path + "`");
}

}  // namespace ssprules::cli
