// `ssprules doc POLICY [-o FILE] [--lang en|da]`: the policy as one self-contained HTML page,
// with the dependency graph drawn by Graphviz `dot` when it is installed; its own words in
// English or Danish (the words of `explain --lang`).
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "policy_input.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/doc.hpp"
#include "ssprules/error.hpp"
#include "terminal.hpp"

extern char** environ;

namespace ssprules::cli {
namespace {

// Runs `program -Tsvg` with `dot` on its standard input and returns its standard output; nullopt
// when the program cannot be started or fails. Writing and reading interleave (poll), so a large
// graph cannot deadlock on full pipes; the program's stderr goes to /dev/null.
std::optional<std::string> run_graphviz(const std::string& program, const std::string& dot) {
  int to_child[2];
  int from_child[2];
  if (pipe2(to_child, O_CLOEXEC) != 0) return std::nullopt;
  if (pipe2(from_child, O_CLOEXEC) != 0) {
    close(to_child[0]);
    close(to_child[1]);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string format = "-Tsvg";
  std::vector<char*> argv = {const_cast<char*>(program.c_str()), format.data(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  if (spawned != 0) {
    close(to_child[1]);
    close(from_child[0]);
    return std::nullopt;
  }

  std::string svg;
  std::size_t written = 0;
  int in = to_child[1];
  int out = from_child[0];
  if (dot.empty()) {
    close(in);
    in = -1;
  }
  while (out >= 0) {
    pollfd fds[2];
    nfds_t n = 0;
    fds[n++] = {out, POLLIN, 0};
    if (in >= 0) fds[n++] = {in, POLLOUT, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      ssize_t w = write(in, dot.data() + written, dot.size() - written);
      if (w > 0) written += static_cast<std::size_t>(w);
      if (w < 0 && errno != EINTR && errno != EAGAIN) written = dot.size();  // the child left
      if (written >= dot.size()) {
        close(in);
        in = -1;
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buffer[8192];
      ssize_t r = read(out, buffer, sizeof buffer);
      if (r > 0) {
        svg.append(buffer, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(out);
        out = -1;
      }
    }
  }
  if (in >= 0) close(in);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return svg;
}

}  // namespace

int doc_command(const std::vector<std::string>& raw_args) {
  // `-o FILE` is the short form of `--output FILE` (options::parse knows only `--name`)
  std::vector<std::string> args;
  for (std::size_t i = 0; i < raw_args.size(); ++i) {
    if (raw_args[i] == "-o") {
      if (i + 1 >= raw_args.size()) throw usage_error("option `-o` needs a value");
      args.push_back("--output");
      args.push_back(raw_args[++i]);
    } else {
      args.push_back(raw_args[i]);
    }
  }
  options opts = options::parse(args, {"output", "dot", "lang"}, {"no-graph"});
  if (opts.positionals.size() != 1) throw usage_error("give one policy file");
  const std::string& policy_path = opts.positionals[0];
  std::optional<std::string> output = opts.value("output");
  if (output && output->empty()) throw usage_error("give a file name after `-o`");
  const language lang = lang_option(opts);  // before loading: a usage error costs nothing
  std::optional<program> loaded = load_policy("doc", policy_path, "no page was written");
  if (!loaded) return 2;

  doc_options doc;
  doc.graph = !opts.has("no-graph");
  doc.lang = lang;
  std::string graphviz = opts.value("dot").value_or("dot");
  bool graphviz_failed = false;
  doc.render_svg = [&](const std::string& dot) {
    std::optional<std::string> svg = run_graphviz(graphviz, dot);
    if (!svg || svg_element(*svg).empty()) {
      graphviz_failed = true;
      return std::optional<std::string>();
    }
    return svg;
  };
  // a Graphviz that exits early must not kill us with SIGPIPE while we feed it
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  std::string html = policy_html(*loaded, doc);
  sigaction(SIGPIPE, &previous, nullptr);
  if (graphviz_failed) {
    std::fprintf(stderr,
                 "ssprules doc: note: could not run Graphviz `%s -Tsvg`; the page shows the "
                 "graph as DOT text (install graphviz to draw it)\n",
                 terminal_text(graphviz).c_str());
  }

  if (!output || *output == "-") {
    put(stdout, html);
    return 0;
  }
  std::ofstream file(*output, std::ios::binary | std::ios::trunc);
  if (!file) throw error("cannot write `" + *output + "`");
  file.write(html.data(), static_cast<std::streamsize>(html.size()));
  file.close();
  if (!file) throw error("cannot write `" + *output + "`");
  return 0;
}

}  // namespace ssprules::cli
