// The expression language's lexer and recursive-descent parser (part of the parse stage).
//
// Precedence, lowest first:
//   if c then a else b
//   or
//   and
//   not
//   == != < <= > >= in, not in        (non-associative)
//   ??                                 (right-associative)
//   + -
//   * /
//   unary -
//   literals, names, calls, ( … ), [ … ]
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssprules/calendar.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/scalar_locator.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/diagnostic.hpp"
#include "ssprules/parse.hpp"

namespace ssprules::inline SSPRULES_ABI {

SSPRULES_INLINE const char* to_string(expr_op op) noexcept {
  switch (op) {
    case expr_op::none:
      return "";
    case expr_op::add:
      return "+";
    case expr_op::sub:
      return "-";
    case expr_op::mul:
      return "*";
    case expr_op::div:
      return "/";
    case expr_op::eq:
      return "==";
    case expr_op::ne:
      return "!=";
    case expr_op::lt:
      return "<";
    case expr_op::le:
      return "<=";
    case expr_op::gt:
      return ">";
    case expr_op::ge:
      return ">=";
    case expr_op::and_:
      return "and";
    case expr_op::or_:
      return "or";
    case expr_op::not_:
      return "not";
    case expr_op::neg:
      return "-";
    case expr_op::coalesce:
      return "??";
    case expr_op::in:
      return "in";
    case expr_op::not_in:
      return "not in";
  }
  return "";
}

namespace detail {

enum class token_kind : std::uint8_t {
  end,
  identifier,
  integer,
  decimal,
  string,
  date,
  kw_and,
  kw_or,
  kw_not,
  kw_in,
  kw_if,
  kw_then,
  kw_else,
  kw_true,
  kw_false,
  plus,
  minus,
  star,
  slash,
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  dotdot,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  coalesce,
  dot,  // `.` before a field name: `r.kind`
  invalid,
};

struct token {
  token_kind kind = token_kind::end;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;  // identifiers, literals (strings unescaped)
};

// Splits expression text into tokens; the first lexical error ends the token list with an
// `invalid` token and a message.
class lexer {
 public:
  explicit lexer(std::string_view text) : text_(text) {}

  // The next token; counts 1 + the bytes it read (`work_done`).
  token next() {
    std::size_t from = pos_;
    token t = scan();
    count_work(1 + (pos_ - from));
    return t;
  }

  [[nodiscard]] const std::string& error() const noexcept { return error_; }

 private:
  token scan() {
    skip_space();
    token t;
    t.begin = pos_;
    if (pos_ >= text_.size()) {
      t.kind = token_kind::end;
      t.end = pos_;
      return t;
    }
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) return number_or_date(t);
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') return identifier(t);
    if (c == '"' || c == '\'') return string_literal(t, c);
    return punctuation(t, c);
  }

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  static bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  }

  token fail(token& t, std::size_t end, std::string message) {
    t.kind = token_kind::invalid;
    t.end = std::max(end, t.begin + 1);
    error_ = std::move(message);
    pos_ = text_.size();
    return t;
  }

  bool digits_at(std::size_t p, std::size_t n) const {
    if (p + n > text_.size()) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text_[p + i]))) return false;
    }
    return true;
  }

  token number_or_date(token& t) {
    std::size_t p = pos_;
    // YYYY-MM-DD written without spaces is a date literal.
    if (digits_at(p, 4) && p + 10 <= text_.size() && text_[p + 4] == '-' && digits_at(p + 5, 2) &&
        text_[p + 7] == '-' && digits_at(p + 8, 2) &&
        (p + 10 == text_.size() || !is_ident_char(text_[p + 10]))) {
      t.text = std::string(text_.substr(p, 10));
      pos_ = p + 10;
      t.end = pos_;
      if (!date::parse(t.text)) {
        return fail(t, pos_, "`" + t.text + "` is not a valid date");
      }
      t.kind = token_kind::date;
      return t;
    }
    while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
    t.kind = token_kind::integer;
    if (p + 1 < text_.size() && text_[p] == '.' &&
        std::isdigit(static_cast<unsigned char>(text_[p + 1]))) {
      ++p;
      while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
      t.kind = token_kind::decimal;
    }
    if (p < text_.size() && is_ident_char(text_[p])) {
      std::size_t e = p;
      while (e < text_.size() && is_ident_char(text_[e])) ++e;
      return fail(t, e,
                  "`" + std::string(text_.substr(pos_, e - pos_)) +
                      "` is not a number or a name (names cannot start with a digit)");
    }
    t.text = std::string(text_.substr(pos_, p - pos_));
    pos_ = p;
    t.end = p;
    return t;
  }

  token identifier(token& t) {
    std::size_t p = pos_;
    while (p < text_.size() && is_ident_char(text_[p])) ++p;
    t.text = std::string(text_.substr(pos_, p - pos_));
    pos_ = p;
    t.end = p;
    static constexpr std::pair<std::string_view, token_kind> keywords[] = {
        {"and", token_kind::kw_and},    {"or", token_kind::kw_or},
        {"not", token_kind::kw_not},    {"in", token_kind::kw_in},
        {"if", token_kind::kw_if},      {"then", token_kind::kw_then},
        {"else", token_kind::kw_else},  {"true", token_kind::kw_true},
        {"false", token_kind::kw_false}};
    t.kind = token_kind::identifier;
    for (const auto& [word, kind] : keywords) {
      if (t.text == word) t.kind = kind;
    }
    return t;
  }

  token string_literal(token& t, char quote) {
    std::size_t p = pos_ + 1;
    std::string value;
    while (p < text_.size() && text_[p] != quote) {
      if (text_[p] == '\\' && p + 1 < text_.size()) {
        char e = text_[p + 1];
        switch (e) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case '\\':
          case '"':
          case '\'':
            value += e;
            break;
          default:
            return fail(t, p + 2,
                        std::string("unknown escape `\\") + e +
                            "` in a string (known: \\n \\t \\\\ \\\" \\')");
        }
        p += 2;
        continue;
      }
      value += text_[p++];
    }
    if (p >= text_.size())
      return fail(t, p, "string is not closed: a closing " + std::string(1, quote) + " is missing");
    pos_ = p + 1;
    t.kind = token_kind::string;
    t.text = std::move(value);
    t.end = pos_;
    return t;
  }

  token punctuation(token& t, char c) {
    auto two = [&](char second) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == second; };
    auto emit = [&](token_kind kind, std::size_t length) {
      t.kind = kind;
      pos_ += length;
      t.end = pos_;
      return t;
    };
    switch (c) {
      case '+':
        return emit(token_kind::plus, 1);
      case '-':
        return emit(token_kind::minus, 1);
      case '*':
        return emit(token_kind::star, 1);
      case '/':
        return emit(token_kind::slash, 1);
      case '(':
        return emit(token_kind::lparen, 1);
      case ')':
        return emit(token_kind::rparen, 1);
      case '[':
        return emit(token_kind::lbracket, 1);
      case ']':
        return emit(token_kind::rbracket, 1);
      case ',':
        return emit(token_kind::comma, 1);
      case '.':
        if (two('.')) return emit(token_kind::dotdot, 2);
        if (pos_ + 1 < text_.size() &&
            (std::isalpha(static_cast<unsigned char>(text_[pos_ + 1])) || text_[pos_ + 1] == '_')) {
          return emit(token_kind::dot, 1);  // `r.kind`
        }
        return fail(t, pos_ + 1,
                    "unexpected `.`; ranges are written `lo..hi`, fields of an item `r.kind`");
      case '?':
        if (two('?')) return emit(token_kind::coalesce, 2);
        return fail(t, pos_ + 1, "unexpected `?`; to default a missing value write `x ?? default`");
      case '=':
        if (two('=')) return emit(token_kind::eq, 2);
        return fail(t, pos_ + 1, "`=` is not an operator; write `==` to compare");
      case '!':
        if (two('=')) return emit(token_kind::ne, 2);
        return fail(t, pos_ + 1, "`!` is not an operator; write `not`");
      case '<':
        if (two('=')) return emit(token_kind::le, 2);
        if (two('>')) return fail(t, pos_ + 2, "`<>` is not an operator; write `!=`");
        return emit(token_kind::lt, 1);
      case '>':
        if (two('=')) return emit(token_kind::ge, 2);
        return emit(token_kind::gt, 1);
      case '&':
        return fail(t, pos_ + (two('&') ? 2 : 1), "`&` is not an operator; write `and`");
      case '%':
        return fail(t, pos_ + 1, "`%` is not an operator; the remainder is `mod(a, b)`");
      case '|':
        return fail(t, pos_ + (two('|') ? 2 : 1), "`|` is not an operator; write `or`");
      default:
        break;
    }
    // one whole UTF-8 character, so the message and caret show it intact
    std::size_t e = pos_ + 1;
    while (e < text_.size() && (static_cast<unsigned char>(text_[e]) & 0xC0U) == 0x80U) ++e;
    return fail(t, e, "unexpected character `" + std::string(text_.substr(pos_, e - pos_)) + "`");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

SSPRULES_INLINE const char* describe(token_kind kind) {
  switch (kind) {
    case token_kind::end:
      return "the end of the expression";
    case token_kind::identifier:
      return "a name";
    case token_kind::integer:
      return "a number";
    case token_kind::decimal:
      return "a number";
    case token_kind::string:
      return "a string";
    case token_kind::date:
      return "a date";
    case token_kind::kw_and:
      return "`and`";
    case token_kind::kw_or:
      return "`or`";
    case token_kind::kw_not:
      return "`not`";
    case token_kind::kw_in:
      return "`in`";
    case token_kind::kw_if:
      return "`if`";
    case token_kind::kw_then:
      return "`then`";
    case token_kind::kw_else:
      return "`else`";
    case token_kind::kw_true:
      return "`true`";
    case token_kind::kw_false:
      return "`false`";
    case token_kind::plus:
      return "`+`";
    case token_kind::minus:
      return "`-`";
    case token_kind::star:
      return "`*`";
    case token_kind::slash:
      return "`/`";
    case token_kind::lparen:
      return "`(`";
    case token_kind::rparen:
      return "`)`";
    case token_kind::lbracket:
      return "`[`";
    case token_kind::rbracket:
      return "`]`";
    case token_kind::comma:
      return "`,`";
    case token_kind::dotdot:
      return "`..`";
    case token_kind::eq:
      return "`==`";
    case token_kind::ne:
      return "`!=`";
    case token_kind::lt:
      return "`<`";
    case token_kind::le:
      return "`<=`";
    case token_kind::gt:
      return "`>`";
    case token_kind::ge:
      return "`>=`";
    case token_kind::coalesce:
      return "`??`";
    case token_kind::dot:
      return "`.`";
    case token_kind::invalid:
      return "an invalid token";
  }
  return "a token";
}

// Thrown inside the parser to abandon one expression after its first error (the diagnostic is
// already recorded); never escapes the parser.
struct expression_abandoned {};

// Parses one expression (or one table cell) from text; reports at most one diagnostic.
class expression_parser {
 public:
  expression_parser(std::string_view text, const scalar_locator& where,
                    std::vector<diagnostic>& diagnostics, std::size_t max_depth)
      : lex_(text), where_(where), diagnostics_(diagnostics), max_depth_(max_depth) {}

  // The whole text as one expression.
  std::optional<expr> parse_all() {
    try {
      advance();
      expr e = parse_expression();
      expect_end();
      return e;
    } catch (const expression_abandoned&) {
      return std::nullopt;
    }
  }

  // The whole text as a table cell: `any`, `-`, `op value`, `lo..hi`, `[a, b]` or a value.
  std::optional<table_cell> parse_cell() {
    try {
      advance();
      table_cell cell;
      std::size_t begin = tok_.begin;
      if (tok_.kind == token_kind::end ||
          (tok_.kind == token_kind::identifier && tok_.text == "any")) {
        if (tok_.kind != token_kind::end) advance();
        expect_end();
        cell.kind = cell_kind::any;
      } else if (tok_.kind == token_kind::minus && peek_is_end()) {
        advance();
        cell.kind = cell_kind::any;
      } else if (auto op = comparison_op(tok_.kind)) {
        advance();
        cell.kind = cell_kind::compare;
        cell.op = *op;
        cell.operands.push_back(parse_expression());
        expect_end();
      } else if (tok_.kind == token_kind::lbracket) {
        expr list = parse_list();
        expect_end();
        cell.kind = cell_kind::one_of;
        cell.operands = std::move(list.args);
      } else {
        expr value = parse_expression();
        if (tok_.kind == token_kind::dotdot) {
          advance();
          cell.kind = cell_kind::range;
          cell.operands.push_back(std::move(value));
          cell.operands.push_back(parse_additive());
        } else {
          cell.kind = cell_kind::compare;
          cell.op = expr_op::eq;
          cell.operands.push_back(std::move(value));
        }
        expect_end();
      }
      cell.at = where_.span(begin, last_end_);
      return cell;
    } catch (const expression_abandoned&) {
      return std::nullopt;
    }
  }

 private:
  // One level of nesting (a parenthesis, `if`, `not`, unary `-`, a call), entered while the
  // current token is its opener, which is where a too-deep nesting is reported.
  struct depth_guard {
    explicit depth_guard(expression_parser& p) : parser(p) {
      if (++parser.depth_ > parser.max_depth_) {
        parser.fail_here("expression nests deeper than " + std::to_string(parser.max_depth_) +
                             " levels; split it into named values",
                         codes::expression_too_deep);
      }
    }
    ~depth_guard() { --parser.depth_; }
    depth_guard(const depth_guard&) = delete;
    depth_guard& operator=(const depth_guard&) = delete;
    expression_parser& parser;
  };

  // Counts the operators of a chain (`a + b + c …`) against the same limit as nesting: each
  // one deepens the tree that later stages walk recursively.
  struct chain_guard {
    explicit chain_guard(expression_parser& p) : parser(p) {}
    void link() {
      ++links;
      if (++parser.depth_ > parser.max_depth_) {
        parser.fail_here("expression chains more than " + std::to_string(parser.max_depth_) +
                             " operators; split it into named values",
                         codes::expression_too_deep);
      }
    }
    ~chain_guard() { parser.depth_ -= links; }
    chain_guard(const chain_guard&) = delete;
    chain_guard& operator=(const chain_guard&) = delete;
    expression_parser& parser;
    std::size_t links = 0;
  };

  void advance() {
    last_end_ = tok_.end;
    tok_ = lex_.next();
    if (tok_.kind == token_kind::invalid) {
      report(tok_.begin, tok_.end, lex_.error(), codes::expression_syntax);
      throw expression_abandoned{};
    }
  }

  bool peek_is_end() {
    lexer copy = lex_;
    return copy.next().kind == token_kind::end;
  }

  void report(std::size_t begin, std::size_t end, std::string message, const code_info& code) {
    diagnostic d;
    d.level = severity::error;
    d.code = code.id;
    d.message = std::move(message);
    d.at = where_.span(begin, std::max(end, begin + 1));
    diagnostics_.push_back(std::move(d));
  }

  [[noreturn]] void fail_here(std::string message,
                              const code_info& code = codes::expression_syntax) {
    report(tok_.begin, tok_.end, std::move(message), code);
    throw expression_abandoned{};
  }

  [[noreturn]] void unexpected(const char* wanted) {
    std::string found = describe(tok_.kind);
    if (tok_.kind == token_kind::identifier) found = "`" + tok_.text + "`";
    fail_here(std::string("expected ") + wanted + ", found " + found);
  }

  void expect(token_kind kind, const char* wanted) {
    if (tok_.kind != kind) unexpected(wanted);
    advance();
  }

  void expect_end() {
    if (tok_.kind == token_kind::end) return;
    if (tok_.kind == token_kind::rparen) fail_here("unmatched `)`");
    if (tok_.kind == token_kind::identifier || tok_.kind == token_kind::integer ||
        tok_.kind == token_kind::decimal || tok_.kind == token_kind::date) {
      fail_here("unexpected `" + tok_.text +
                "` after a complete expression; is an operator "
                "missing?");
    }
    if (tok_.kind == token_kind::string) {
      fail_here("unexpected string after a complete expression; is an operator missing?");
    }
    fail_here(std::string("unexpected ") + describe(tok_.kind) + " after a complete expression");
  }

  static std::optional<expr_op> comparison_op(token_kind kind) {
    switch (kind) {
      case token_kind::eq:
        return expr_op::eq;
      case token_kind::ne:
        return expr_op::ne;
      case token_kind::lt:
        return expr_op::lt;
      case token_kind::le:
        return expr_op::le;
      case token_kind::gt:
        return expr_op::gt;
      case token_kind::ge:
        return expr_op::ge;
      default:
        return std::nullopt;
    }
  }

  expr node(expr_kind kind, std::size_t begin, std::string text = {}) {
    expr e;
    e.kind = kind;
    e.text = std::move(text);
    e.at = where_.span(begin, last_end_);
    return e;
  }

  expr binary(expr_kind kind, expr_op op, expr lhs, expr rhs, std::size_t begin) {
    expr e;
    e.kind = kind;
    e.op = op;
    e.args.push_back(std::move(lhs));
    e.args.push_back(std::move(rhs));
    e.at = where_.span(begin, last_end_);
    return e;
  }

  expr parse_expression() {
    if (tok_.kind == token_kind::kw_if) {
      depth_guard guard(*this);
      std::size_t begin = tok_.begin;
      advance();
      expr cond = parse_expression();
      expect(token_kind::kw_then, "`then`");
      expr yes = parse_expression();
      expect(token_kind::kw_else, "`else` (every `if` needs one)");
      expr no = parse_expression();
      expr e;
      e.kind = expr_kind::conditional;
      e.args.push_back(std::move(cond));
      e.args.push_back(std::move(yes));
      e.args.push_back(std::move(no));
      e.at = where_.span(begin, last_end_);
      return e;
    }
    return parse_or();
  }

  expr parse_or() {
    std::size_t begin = tok_.begin;
    expr lhs = parse_and();
    chain_guard chain(*this);
    while (tok_.kind == token_kind::kw_or) {
      chain.link();
      advance();
      expr rhs = parse_and();
      lhs = binary(expr_kind::binary, expr_op::or_, std::move(lhs), std::move(rhs), begin);
    }
    return lhs;
  }

  expr parse_and() {
    std::size_t begin = tok_.begin;
    expr lhs = parse_not();
    chain_guard chain(*this);
    while (tok_.kind == token_kind::kw_and) {
      chain.link();
      advance();
      expr rhs = parse_not();
      lhs = binary(expr_kind::binary, expr_op::and_, std::move(lhs), std::move(rhs), begin);
    }
    return lhs;
  }

  expr parse_not() {
    if (tok_.kind == token_kind::kw_not) {
      depth_guard guard(*this);
      std::size_t begin = tok_.begin;
      advance();
      expr operand = parse_not();
      expr e;
      e.kind = expr_kind::unary;
      e.op = expr_op::not_;
      e.args.push_back(std::move(operand));
      e.at = where_.span(begin, last_end_);
      return e;
    }
    return parse_comparison();
  }

  expr parse_comparison() {
    std::size_t begin = tok_.begin;
    expr lhs = parse_coalesce();
    if (auto op = comparison_op(tok_.kind)) {
      advance();
      expr rhs = parse_coalesce();
      expr e = binary(expr_kind::binary, *op, std::move(lhs), std::move(rhs), begin);
      if (comparison_op(tok_.kind) || tok_.kind == token_kind::kw_in) {
        fail_here("comparisons cannot be chained; write `a < b and b < c`");
      }
      return e;
    }
    bool negated = false;
    if (tok_.kind == token_kind::kw_not) {
      advance();
      if (tok_.kind != token_kind::kw_in) unexpected("`in` after `not`");
      negated = true;
    }
    if (tok_.kind == token_kind::kw_in) {
      advance();
      expr rhs = parse_membership_set();
      expr e = binary(expr_kind::membership, negated ? expr_op::not_in : expr_op::in,
                      std::move(lhs), std::move(rhs), begin);
      if (comparison_op(tok_.kind) || tok_.kind == token_kind::kw_in) {
        fail_here("comparisons cannot be chained; combine them with `and`");
      }
      return e;
    }
    return lhs;
  }

  // `[a, b, …]`, `lo..hi`, or a list input (`code in codes`; check tells them apart)
  expr parse_membership_set() {
    if (tok_.kind == token_kind::lbracket) return parse_list();
    std::size_t begin = tok_.begin;
    expr lo = parse_additive();
    if (tok_.kind != token_kind::dotdot) return lo;
    advance();
    expr hi = parse_additive();
    return binary(expr_kind::range, expr_op::none, std::move(lo), std::move(hi), begin);
  }

  expr parse_list() {
    std::size_t begin = tok_.begin;
    expect(token_kind::lbracket, "`[`");
    expr list;
    list.kind = expr_kind::list;
    if (tok_.kind != token_kind::rbracket) {
      list.args.push_back(parse_coalesce());
      while (tok_.kind == token_kind::comma) {
        advance();
        if (tok_.kind == token_kind::rbracket) break;  // a trailing comma is fine
        list.args.push_back(parse_coalesce());
      }
    }
    expect(token_kind::rbracket, "`,` or `]` in the list");
    list.at = where_.span(begin, last_end_);
    return list;
  }

  // `a ?? b ?? c` is `a ?? (b ?? c)`; read iteratively so long chains cannot exhaust the stack.
  expr parse_coalesce() {
    std::vector<std::pair<expr, std::size_t>> operands;  // each with where it begins
    std::size_t begin = tok_.begin;
    operands.emplace_back(parse_additive(), begin);
    chain_guard chain(*this);
    while (tok_.kind == token_kind::coalesce) {
      chain.link();
      advance();
      std::size_t at = tok_.begin;
      operands.emplace_back(parse_additive(), at);
    }
    expr result = std::move(operands.back().first);
    std::size_t end = last_end_;
    for (std::size_t i = operands.size() - 1; i-- > 0;) {
      expr e;
      e.kind = expr_kind::binary;
      e.op = expr_op::coalesce;
      e.args.push_back(std::move(operands[i].first));
      e.args.push_back(std::move(result));
      e.at = where_.span(operands[i].second, end);
      result = std::move(e);
    }
    return result;
  }

  expr parse_additive() {
    std::size_t begin = tok_.begin;
    expr lhs = parse_multiplicative();
    chain_guard chain(*this);
    while (tok_.kind == token_kind::plus || tok_.kind == token_kind::minus) {
      chain.link();
      expr_op op = tok_.kind == token_kind::plus ? expr_op::add : expr_op::sub;
      advance();
      expr rhs = parse_multiplicative();
      lhs = binary(expr_kind::binary, op, std::move(lhs), std::move(rhs), begin);
    }
    return lhs;
  }

  expr parse_multiplicative() {
    std::size_t begin = tok_.begin;
    expr lhs = parse_unary();
    chain_guard chain(*this);
    while (tok_.kind == token_kind::star || tok_.kind == token_kind::slash) {
      chain.link();
      expr_op op = tok_.kind == token_kind::star ? expr_op::mul : expr_op::div;
      advance();
      expr rhs = parse_unary();
      lhs = binary(expr_kind::binary, op, std::move(lhs), std::move(rhs), begin);
    }
    return lhs;
  }

  expr parse_unary() {
    if (tok_.kind == token_kind::minus) {
      depth_guard guard(*this);
      std::size_t begin = tok_.begin;
      advance();
      expr operand = parse_unary();
      expr e;
      e.kind = expr_kind::unary;
      e.op = expr_op::neg;
      e.args.push_back(std::move(operand));
      e.at = where_.span(begin, last_end_);
      return e;
    }
    if (tok_.kind == token_kind::kw_not) {
      fail_here("`not` binds looser than comparisons here; write `not (…)` around the operand");
    }
    return parse_primary();
  }

  expr parse_primary() {
    std::size_t begin = tok_.begin;
    switch (tok_.kind) {
      case token_kind::integer:
        return literal(expr_kind::integer, begin);
      case token_kind::decimal:
        return literal(expr_kind::decimal, begin);
      case token_kind::string:
        return literal(expr_kind::string, begin);
      case token_kind::date:
        return literal(expr_kind::date, begin);
      case token_kind::kw_true:
      case token_kind::kw_false: {
        std::string text = tok_.kind == token_kind::kw_true ? "true" : "false";
        advance();
        return node(expr_kind::boolean, begin, std::move(text));
      }
      case token_kind::identifier: {
        if ((tok_.text == "some" || tok_.text == "every") && binds_item()) {
          return parse_quantified(begin);
        }
        std::string name = tok_.text;
        advance();
        if (tok_.kind == token_kind::lparen) return parse_call(std::move(name), begin);
        expr e = node(expr_kind::name, begin, std::move(name));
        while (tok_.kind == token_kind::dot) {  // `r.kind`
          advance();
          if (tok_.kind != token_kind::identifier) unexpected("a field name after `.`");
          expr f;
          f.kind = expr_kind::field;
          f.text = tok_.text;
          advance();
          f.args.push_back(std::move(e));
          f.at = where_.span(begin, last_end_);
          e = std::move(f);
        }
        return e;
      }
      case token_kind::lparen: {
        depth_guard guard(*this);
        advance();
        expr inner = parse_expression();
        if (tok_.kind != token_kind::rparen) unexpected("`)`");
        advance();
        return inner;
      }
      case token_kind::lbracket:
        fail_here("a list `[…]` can only follow `in`");
      case token_kind::dotdot:
        fail_here("a range `lo..hi` can only follow `in`");
      default:
        unexpected("an expression");
    }
  }

  // Whether the tokens after this one are `name in`: the start of `some r in L satisfies …`
  // (so `some` and `every` stay usable as names elsewhere).
  bool binds_item() {
    lexer copy = lex_;
    token name = copy.next();
    return name.kind == token_kind::identifier && copy.next().kind == token_kind::kw_in;
  }

  bool at_word(std::string_view word) const {
    return tok_.kind == token_kind::identifier && tok_.text == word;
  }

  // `some r in L satisfies C`, `every r in L satisfies C`; C extends as far as it can, as the
  // `else` of an `if` does.
  expr parse_quantified(std::size_t begin) {
    depth_guard guard(*this);
    const bool every = tok_.text == "every";
    advance();
    expr e;
    e.kind = expr_kind::quantified;
    e.op = every ? expr_op::and_ : expr_op::or_;
    e.text = tok_.text;  // binds_item saw a name
    advance();
    expect(token_kind::kw_in, "`in`");
    e.args.push_back(parse_additive());
    if (!at_word("satisfies")) {
      unexpected(every ? "`satisfies` (`every r in list satisfies condition`)"
                       : "`satisfies` (`some r in list satisfies condition`)");
    }
    advance();
    e.args.push_back(parse_expression());
    e.at = where_.span(begin, last_end_);
    return e;
  }

  // An argument that goes over a list's items: `r in L where C` (the argument parsed so far is
  // `r in L`) or `v for r in L [where C]` (`value` is `v`).
  expr parse_each(expr value, std::size_t begin) {
    depth_guard guard(*this);
    expr e;
    e.kind = expr_kind::each;
    if (at_word("for")) {
      advance();
      if (tok_.kind != token_kind::identifier) unexpected("the name of an item after `for`");
      e.text = tok_.text;
      advance();
      expect(token_kind::kw_in, "`in` (`value for r in list`)");
      e.args.push_back(parse_additive());
      e.args.push_back(std::move(value));
    } else {  // `r in L` then `where`
      if (value.kind != expr_kind::membership || value.op != expr_op::in ||
          value.args[0].kind != expr_kind::name) {
        fail_here(
            "`where` follows `name in list`: `count(r in police_reports where r.kind == vold)`");
      }
      e.text = value.args[0].text;
      expr item = std::move(value.args[0]);
      e.args.push_back(std::move(value.args[1]));
      e.args.push_back(std::move(item));
    }
    if (at_word("where")) {
      advance();
      e.args.push_back(parse_expression());
    } else {
      expr yes;
      yes.kind = expr_kind::boolean;
      yes.text = "true";
      e.args.push_back(std::move(yes));
    }
    e.at = where_.span(begin, last_end_);
    return e;
  }

  // One argument of a call, perhaps one that goes over a list's items.
  expr parse_argument() {
    std::size_t begin = tok_.begin;
    expr a = parse_expression();
    if (at_word("where") || at_word("for")) return parse_each(std::move(a), begin);
    return a;
  }

  expr literal(expr_kind kind, std::size_t begin) {
    std::string text = tok_.text;
    advance();
    return node(kind, begin, std::move(text));
  }

  expr parse_call(std::string name, std::size_t begin) {
    depth_guard guard(*this);
    advance();  // (
    expr call;
    call.kind = expr_kind::call;
    call.text = std::move(name);
    if (tok_.kind != token_kind::rparen) {
      call.args.push_back(parse_argument());
      while (tok_.kind == token_kind::comma) {
        advance();
        call.args.push_back(parse_argument());
      }
    }
    if (tok_.kind != token_kind::rparen) unexpected("`,` or `)` in the argument list");
    advance();
    call.at = where_.span(begin, last_end_);
    return call;
  }

  lexer lex_;
  token tok_;
  std::size_t last_end_ = 0;
  const scalar_locator& where_;
  std::vector<diagnostic>& diagnostics_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
};

}  // namespace detail

SSPRULES_INLINE expression_result parse_expression(const std::shared_ptr<const source>& src,
                                                   const parse_options& opts) {
  expression_result result;
  detail::scalar_locator where(src, 0);
  detail::expression_parser parser(src->text(), where, result.diagnostics,
                                   opts.max_expression_depth);
  result.expression = parser.parse_all();
  return result;
}

}  // namespace ssprules::inline SSPRULES_ABI
