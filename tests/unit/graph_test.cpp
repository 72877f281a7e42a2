// Unit tests for graph.hpp: the dependency graph as DOT for the bundled policies and for small
// policies written here (every kind of node, edges, order, escaping, policies with errors).
#include "ssprules/graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/check.hpp"
#include "ssprules/compile.hpp"
#include "ssprules/parse.hpp"
#include "ssprules/source.hpp"
#include "test_support.hpp"

namespace {

using ssprules::to_dot;
using ssprules::test_support::load_path;
using ssprules::test_support::load_text;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::size_t count_of(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Edge statements: `  "from" -> "to";`.
std::size_t edge_count(const std::string& dot) {
  std::size_t n = 0;
  for (const std::string& line : lines_of(dot)) {
    n += line.rfind("  \"", 0) == 0 && line.find("\" -> \"") != std::string::npos ? 1 : 0;
  }
  return n;
}

bool has_line(const std::string& dot, const std::string& line) {
  auto lines = lines_of(dot);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST(Graph, CopenhagenHasEveryUseAsAnEdge) {
  ssprules::program prog = load_path("rules/copenhagen/ssp-plus.yaml");
  std::string dot = to_dot(prog.checked());
  EXPECT_EQ(dot.rfind("// copenhagen-ssp-plus (version 2009.1): dependency graph", 0), 0U);
  EXPECT_TRUE(has_line(dot, "digraph \"copenhagen-ssp-plus\" {"));
  EXPECT_TRUE(has_line(dot, "  rankdir=LR;"));
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  // what each output uses, straight from the policy text
  for (const char* edge :
       {"\"birth_date\" -> \"age\"", "\"age\" -> \"phase\"", "\"target_group\" -> \"phase\"",
        "\"phase\" -> \"eligible\"", "\"eligible\" -> \"route\"", "\"benefit_status\" -> \"route\"",
        "\"self_supporting_route\" -> \"route\"", "\"category\" -> \"registered_3_or_4\"",
        "\"registered_3_or_4\" -> \"target_group\"", "\"plan_deadline\" -> \"plan_status\"",
        "\"plan_approved_on\" -> \"plan_status\""}) {
    EXPECT_TRUE(has_line(dot, std::string("  ") + edge + ";")) << edge;
  }
  EXPECT_FALSE(has_line(dot, "  \"age\" -> \"route\";")) << "route does not read age";
  // the first column: every input and the parameter
  EXPECT_TRUE(has_line(dot,
                       "  { rank=min; \"birth_date\"; \"category\"; \"assessed_category_3_or_4\"; "
                       "\"state_signal\"; \"local_offer_signal\"; \"benefit_status\"; "
                       "\"plan_approved_on\"; \"self_supporting_route\"; }"))
      << dot;
  // one line per distinct edge of the checker's graph, one per node
  auto edges = prog.checked().graph_edges();
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  EXPECT_EQ(edge_count(dot), edges.size());
  EXPECT_EQ(count_of(dot, " [label="), prog.checked().graph_nodes().size());
  EXPECT_EQ(edges.size(), 19U);
  EXPECT_EQ(prog.checked().graph_nodes().size(), 17U);
}

TEST(Graph, NodesAreLabelledAndShapedByKind) {
  ssprules::program prog = load_path("rules/copenhagen/ssp-plus.yaml");
  std::string dot = to_dot(prog.checked());
  EXPECT_NE(dot.find("  \"category\" [label=\"category\\ninput: integer 1..4 (optional)\", "
                     "shape=box, style=\"rounded,filled\""),
            std::string::npos);
  EXPECT_NE(dot.find("  \"self_supporting_route\" [label=\"self_supporting_route\\nparameter: "
                     "enum {uu, kui}\", shape=hexagon"),
            std::string::npos);
  EXPECT_NE(dot.find("  \"registered_3_or_4\" [label=\"registered_3_or_4\\nvalue: bool\", "
                     "shape=ellipse"),
            std::string::npos);
  // enum values in the order the policy declares them
  EXPECT_NE(dot.find("  \"route\" [label=\"route\\noutput: enum {jobcenter, uu, kui, none}\", "
                     "shape=box, style=\"filled,bold\""),
            std::string::npos);
  EXPECT_NE(dot.find("\"plan_approved_on\" [label=\"plan_approved_on\\ninput: date (optional)\""),
            std::string::npos);
}

TEST(Graph, NodesInDeclarationOrderEdgesSortedAndStable) {
  ssprules::program prog = load_text(R"(id: order
effective: {from: 2020-01-01}
inputs:
  z_in: integer
  a_in: integer
parameters:
  limit: {type: integer, value: 3}
values:
  sum: z_in + a_in
outputs:
  over: sum > limit
  first: z_in
)");
  std::string dot = to_dot(prog.checked());
  EXPECT_EQ(dot, to_dot(prog.checked())) << "the same text every time";
  auto lines = lines_of(dot);
  auto at = [&](const std::string& prefix) {
    auto it = std::find_if(lines.begin(), lines.end(),
                           [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
    EXPECT_NE(it, lines.end()) << prefix;
    return it - lines.begin();
  };
  EXPECT_LT(at("  \"z_in\" [label"), at("  \"a_in\" [label"));
  EXPECT_LT(at("  \"a_in\" [label"), at("  \"limit\" [label"));
  EXPECT_LT(at("  \"limit\" [label"), at("  \"sum\" [label"));
  EXPECT_LT(at("  \"sum\" [label"), at("  \"over\" [label"));
  EXPECT_LT(at("  \"over\" [label"), at("  \"first\" [label"));
  EXPECT_LT(at("  \"first\" [label"), at("  \"z_in\" -> \"sum\";"));
  // grouped by the node that uses, then by what it uses
  EXPECT_LT(at("  \"z_in\" -> \"sum\";"), at("  \"a_in\" -> \"sum\";"));
  EXPECT_LT(at("  \"a_in\" -> \"sum\";"), at("  \"limit\" -> \"over\";"));
  EXPECT_LT(at("  \"sum\" -> \"over\";"), at("  \"z_in\" -> \"first\";"));
  EXPECT_EQ(edge_count(dot), 5U);
}

TEST(Graph, QuotesAndBackslashesAreEscaped) {
  ssprules::program prog = load_text(R"(id: 'say "hi" \ bye'
version: '1 "beta"'
effective: {from: 2020-01-01}
inputs:
  n: integer
outputs:
  doubled: n * 2
)");
  std::string dot = to_dot(prog.checked());
  EXPECT_TRUE(has_line(dot, R"(digraph "say \"hi\" \\ bye" {)")) << dot;
  EXPECT_TRUE(has_line(dot, R"x(  label="say \"hi\" \\ bye (version 1 \"beta\")";)x")) << dot;
  EXPECT_EQ(count_of(dot, "\n"), lines_of(dot).size()) << "no line break inside a string";
}

// `id` and `version` once went raw into the opening `// …` comment: a line break there let a
// policy add statements (a node with `URL="javascript:…"`, an `image` that pulls in a file) and
// its own graph. The comment is one line, the quoted strings hold their text, and nothing a
// policy writes becomes DOT syntax
TEST(Graph, PolicyTextNeverBecomesDotSyntax) {
  ssprules::program prog = load_text(
      "id: \"x\\\"]; injected [URL=\\\"javascript:alert(1)\\\", image=\\\"/etc/passwd\\\"]; //\"\n"
      "version: \"1\\n}\\ndigraph evil { a [URL=\\\"javascript:alert(2)\\\"] }\\n//\\r\\e[2J\\0\"\n"
      "effective: {from: 2020-01-01}\n"
      "inputs:\n  n: integer\n"
      "outputs:\n  doubled: n * 2\n");
  std::string dot = to_dot(prog.checked());
  std::vector<std::string> lines = lines_of(dot);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "// x\"]; injected [URL=\"javascript:alert(1)\", image=\"/etc/passwd\"]; // (version "
            "1\\n}\\ndigraph evil { a [URL=\"javascript:alert(2)\"] }\\n//\\r\\x1b[2J\\x00): "
            "dependency graph (inputs and parameters -> values -> outputs)");
  EXPECT_EQ(
      lines[1],
      R"(digraph "x\"]; injected [URL=\"javascript:alert(1)\", image=\"/etc/passwd\"]; //" {)");
  EXPECT_EQ(
      lines[3],
      R"x(  label="x\"]; injected [URL=\"javascript:alert(1)\", image=\"/etc/passwd\"]; // )x"
      R"x((version 1\n}\ndigraph evil { a [URL=\"javascript:alert(2)\"] }\n//\\r\\x1b[2J\\x00)";)x");
  EXPECT_EQ(count_of(dot, "\ndigraph "), 1U);
  EXPECT_EQ(count_of(dot, "\n}\n"), 1U);
  EXPECT_EQ(dot.find('\0'), std::string::npos);
  EXPECT_EQ(dot.find('\x1b'), std::string::npos);
  EXPECT_EQ(dot.find('\r'), std::string::npos);
}

// Escapes Graphviz itself reads in a label: `\N` (the node's name), `\l` (a line break) and
// entities (`&amp;`) stay the text they were
TEST(Graph, GraphvizEscapesAndEntitiesStayText) {
  ssprules::program prog = load_text(
      "id: 'a \\N \\l &amp; &#60; b'\n"
      "effective: {from: 2020-01-01}\n"
      "inputs:\n  n: integer\n"
      "outputs:\n  doubled: n * 2\n");
  std::string dot = to_dot(prog.checked());
  EXPECT_TRUE(has_line(dot, R"(digraph "a \\N \\l &amp;amp; &amp;#60; b" {)")) << dot;
}

TEST(Graph, KoldingParametersWithoutUsersHaveNoEdges) {
  ssprules::program prog = load_path("rules/kolding/ssp.yaml");
  std::string dot = to_dot(prog.checked());
  EXPECT_TRUE(has_line(dot, "digraph \"kolding-ssp\" {"));
  EXPECT_NE(dot.find("  \"total_budget\" [label=\"total_budget\\nparameter: integer\", "
                     "shape=hexagon"),
            std::string::npos);
  EXPECT_EQ(dot.find("\"total_budget\" ->"), std::string::npos) << "used by assertions only";
  EXPECT_TRUE(has_line(dot, "  \"criminal_behaviour\" -> \"ssp_plus_need\";"));
  EXPECT_TRUE(has_line(dot, "  \"programme\" -> \"ssp_plus_eligible\";"));
  EXPECT_NE(dot.find("  { rank=min; \"birth_date\"; \"criminal_behaviour\"; "
                     "\"poor_living_conditions\"; \"total_budget\";"),
            std::string::npos);
}

TEST(Graph, PolicyWithErrorsStillDrawsWhatWasChecked) {
  auto parsed = ssprules::parse(ssprules::source::from_string("rules.yaml", R"(id: broken
effective: {from: 2020-01-01}
inputs:
  n: integer
outputs:
  a: n + missing_name
  b: a + 1
)"));
  ssprules::check_result checked = ssprules::check(std::move(parsed.document));
  ASSERT_FALSE(checked.ok());
  std::string dot = to_dot(checked.rules);
  EXPECT_TRUE(has_line(dot, "digraph \"broken\" {"));
  EXPECT_TRUE(has_line(dot, "  \"a\" -> \"b\";"));
  EXPECT_NE(dot.find("  \"n\" [label="), std::string::npos);
}

TEST(Graph, EmptyRulesGiveAnEmptyGraph) {
  EXPECT_EQ(to_dot(ssprules::checked_rules{}), "digraph policy {\n}\n");
}

}  // namespace
