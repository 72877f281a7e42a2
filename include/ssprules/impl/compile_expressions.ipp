// Part of compile (impl/compile.ipp includes it): the compiler's state and code generation —
// registers, labels and emission, expressions lowered to compare-and-branch code, and running
// generated code while compiling (folding, parameters, assertions, defaults). `compiler`
// (compile.ipp) derives from it and lays out the whole program.
#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "ssprules/compile.hpp"
#include "ssprules/detail/civil.hpp"
#include "ssprules/detail/codes.hpp"
#include "ssprules/detail/files.hpp"
#include "ssprules/detail/machine.hpp"
#include "ssprules/detail/program.hpp"
#include "ssprules/detail/work.hpp"
#include "ssprules/impl/machine.ipp"

namespace ssprules::inline SSPRULES_ABI {
namespace detail {

// Day-number bounds used for open date ranges.
inline std::int32_t first_day() { return date::min().days(); }
inline std::int32_t last_day() { return date::max().days(); }

// How many parameter values (parameters x the dates where a period starts or ends or a
// parameter changes) a program may hold (80 MB): each segment keeps every parameter's value.
// Past it, SR0005 (docs/diagnostics.md, docs/performance.md).
inline constexpr std::size_t parameter_value_budget = 10'000'000;

class code_generator {
 public:
  code_generator(const checked_rules& rules, std::vector<diagnostic>& diagnostics)
      : diagnostics_(diagnostics) {
    p_ = std::make_shared<program_impl>();
    static std::atomic<std::uint64_t> serials{0};
    p_->serial = ++serials;
    p_->checked = rules;
    p_->policy = rules.impl();
  }

 protected:
  static constexpr std::uint32_t temp_flag = 0x80000000U;

  void error(const code_info& code, std::string message, const source_span& at,
             std::vector<note> notes = {}) {
    diagnostics_.push_back({severity::error, code.id, std::move(message), at, std::move(notes)});
  }

  // ---------------------------------------------------------------------------------------
  // registers, labels, emission

  std::uint32_t constant(std::int64_t value) {
    auto [it, inserted] = constant_registers_.try_emplace(
        value, p_->as_of_slot + 1 + static_cast<std::uint32_t>(p_->constants.size()));
    if (inserted) p_->constants.emplace_back(it->second, value);
    return it->second;
  }

  std::uint32_t temporary() {
    std::uint32_t t = next_temp_++;
    max_temps_ = std::max(max_temps_, next_temp_);
    return temp_flag | t;
  }

  std::uint32_t temporaries(std::uint32_t n) {
    std::uint32_t first = next_temp_;
    next_temp_ += n;
    max_temps_ = std::max(max_temps_, next_temp_);
    return temp_flag | first;
  }

  std::uint32_t label() {
    labels_.push_back(no_register);
    return static_cast<std::uint32_t>(labels_.size() - 1);
  }

  void place(std::uint32_t l) {
    labels_[l] = static_cast<std::uint32_t>(p_->code.size());
    last_label_at_ = labels_[l];
  }

  std::uint32_t emit(op code, std::uint32_t dst = 0, std::uint32_t a = 0, std::uint32_t b = 0,
                     std::uint32_t c = 0, const typed_expr* source = nullptr) {
    instr i;
    i.code = code;
    i.dst = dst;
    i.a = a;
    i.b = b;
    i.c = c;
    i.source = source;
    p_->code.push_back(i);
    return static_cast<std::uint32_t>(p_->code.size() - 1);
  }

  // A jump to a label; resolved by resolve_labels.
  void emit_jump(op code, std::uint32_t a, std::uint32_t b, std::uint32_t target_label,
                 std::uint8_t sub = 0) {
    std::uint32_t at = 0;
    switch (code) {
      case op::jump:
        at = emit(code, 0, target_label);
        break;
      case op::jump_true:
      case op::jump_false:
      case op::jump_present:
      case op::jump_missing:
        at = emit(code, 0, a, target_label);
        break;
      default:
        at = emit(code, 0, a, b, target_label);
        break;
    }
    p_->code[at].sub = sub;
    pending_jumps_.push_back(at);
  }

  void resolve_labels(std::size_t from) {
    for (std::uint32_t at : pending_jumps_) {
      if (at < from) continue;
      instr& i = p_->code[at];
      switch (i.code) {
        case op::jump:
          i.a = labels_[i.a];
          break;
        case op::done:
        case op::move_done:
          i.b = labels_[i.b];
          break;
        case op::jump_true:
        case op::jump_false:
        case op::jump_present:
        case op::jump_missing:
          i.b = labels_[i.b];
          break;
        default:
          i.c = labels_[i.c];
          break;
      }
    }
    pending_jumps_.erase(std::remove_if(pending_jumps_.begin(), pending_jumps_.end(),
                                        [&](std::uint32_t at) { return at >= from; }),
                         pending_jumps_.end());
  }

  // ---------------------------------------------------------------------------------------
  // expressions

  // Whether an expression has the same value for every record (literals and parameters with a
  // single value), so that it can be computed now.
  bool is_constant_tree(const typed_expr& e) const {
    if (e.op == node_op::load) return constant_parameter_.count(e.symbol) != 0;
    if (e.op == node_op::as_of || e.op == node_op::missing) return false;
    if (e.calls("present") || e.op == node_op::call_function || e.op == node_op::aggregate ||
        e.op == node_op::in_items)
      return false;
    return std::all_of(e.args.begin(), e.args.end(),
                       [&](const typed_expr& a) { return is_constant_tree(a); });
  }

  // A literal as a register holds it: strings by index (odd: a constant), dates packed.
  static std::int64_t constant_bits(const typed_expr& e) {
    if (e.type.kind == type_kind::string) return (e.bits << 1) | 1;
    if (e.type.kind == type_kind::date) return cal::pack(static_cast<std::int32_t>(e.bits));
    return e.bits;
  }

  // Leaves `e`'s value in a register and returns it; `into` is where the caller wants it (ops
  // write there; leaves stay where they are). The state of the register is meaningful only
  // when `e` may be missing.
  std::uint32_t gen(const typed_expr& e, std::uint32_t into = no_register, bool always = true) {
    count_work();
    switch (e.op) {
      case node_op::constant:
        return constant(constant_bits(e));
      case node_op::load: {
        auto it = constant_parameter_.find(e.symbol);
        return it != constant_parameter_.end() ? constant(it->second) : e.symbol;
      }
      case node_op::as_of:
        return p_->as_of_slot;
      case node_op::missing: {
        std::uint32_t dst = into != no_register ? into : temporary();
        emit(op::set_missing, dst);
        return dst;
      }
      default:
        break;
    }
    if (is_constant_tree(e)) {
      if (auto folded = fold(e, always)) return constant(*folded);
    }
    std::uint32_t dst = into != no_register ? into : temporary();
    auto arg = [&](std::size_t k) { return gen(e.args[k], no_register, always); };
    switch (e.op) {
      case node_op::neg:
        emit(op::neg, dst, arg(0), 0, 0, &e);
        return dst;
      case node_op::not_:
        emit(op::logical_not, dst, arg(0), 0, 0, &e);
        return dst;
      case node_op::add:
      case node_op::sub: {
        std::uint32_t a = arg(0);
        std::uint32_t b = arg(1);
        emit(e.op == node_op::add ? op::add : op::sub, dst, a, b, 0, &e);
        return dst;
      }
      case node_op::mul: {
        std::uint32_t a = arg(0);
        std::uint32_t b = arg(1);
        emit(e.type.kind == type_kind::decimal ? op::decimal_mul : op::mul, dst, a, b, 0, &e);
        return dst;
      }
      case node_op::div: {
        std::uint32_t a = arg(0);
        std::uint32_t b = arg(1);
        emit(op::decimal_div, dst, a, b, 0, &e);
        return dst;
      }
      case node_op::to_decimal:
        emit(e.type.optional ? op::to_decimal_state : op::to_decimal, dst, arg(0), 0, 0, &e);
        return dst;
      case node_op::eq:
      case node_op::ne:
      case node_op::lt:
      case node_op::le:
      case node_op::gt:
      case node_op::ge: {
        std::uint32_t a = arg(0);
        std::uint32_t b = arg(1);
        if (e.operand_kind == type_kind::string) {
          std::uint32_t at = emit(op::cmp_str, dst, a, b, 0, &e);
          p_->code[at].sub = static_cast<std::uint8_t>(cmp_of(e.op));
        } else {
          emit(cmp_op(e.op), dst, a, b, 0, &e);
        }
        return dst;
      }
      case node_op::and_:
      case node_op::or_: {
        // materialised only where a value is needed (conditions use branch())
        std::uint32_t yes = label();
        std::uint32_t end = label();
        branch(e, true, yes, always);
        emit(op::move, dst, constant(0));
        emit_jump(op::jump, 0, 0, end);
        place(yes);
        emit(op::move, dst, constant(1));
        place(end);
        return dst;
      }
      case node_op::cond: {
        std::uint32_t no = label();
        std::uint32_t end = label();
        branch(e.args[0], false, no, always);
        move_value(e, e.args[1], gen(e.args[1], dst, false), dst);
        emit_jump(op::jump, 0, 0, end);
        place(no);
        move_value(e, e.args[2], gen(e.args[2], dst, false), dst);
        place(end);
        return dst;
      }
      case node_op::coalesce: {
        std::uint32_t a = arg(0);
        const typed_expr& fallback = e.args[1];
        bool leaf = fallback.op == node_op::constant || fallback.op == node_op::load ||
                    fallback.op == node_op::as_of;
        if (leaf) {
          emit(e.type.optional ? op::coalesce_state : op::coalesce, dst, a, gen(fallback), 0, &e);
          return dst;
        }
        // the fallback runs only when the value is missing
        std::uint32_t have = label();
        std::uint32_t end = label();
        emit_jump(op::jump_present, a, 0, have);
        move_value(e, fallback, gen(fallback, dst, false), dst);
        emit_jump(op::jump, 0, 0, end);
        place(have);
        emit(op::move_present, dst, a);
        place(end);
        return dst;
      }
      case node_op::in_list:
        return gen_in_list(e, dst, always);
      case node_op::in_range: {
        std::uint32_t v = arg(0);
        std::uint32_t lo = arg(1);
        std::uint32_t hi = arg(2);
        std::uint32_t at =
            emit(e.operand_kind == type_kind::string ? op::in_range_str : op::in_range, dst, v, lo,
                 hi, &e);
        p_->code[at].negated = e.negated;
        return dst;
      }
      case node_op::call:
        return gen_call(e, dst, always);
      case node_op::call_function:
        return gen_user_call(e, dst);
      case node_op::aggregate:
        return gen_aggregate(e, dst);
      case node_op::in_items:
        return gen_in_items(e, dst);
      default:
        return dst;
    }
  }

  // Registers per item of a list of this type: one per field of a record, else one.
  std::uint8_t item_width(const type_info& list) const {
    const checked_policy& cp = *p_->policy;
    if (list.item != type_kind::record) return 1;
    return static_cast<std::uint8_t>(cp.records[list.record].fields.size());
  }

  // `item_next`: the next item of `list` (index in register `index`) into the item's registers
  // from `first`; when there is none, on to label `done`.
  void emit_next_item(std::uint32_t first, std::uint32_t list, std::uint32_t index,
                      std::uint8_t width, std::uint32_t done) {
    std::uint32_t at = emit(op::item_next, first, list, index, done);
    p_->code[at].sub = width;
    pending_jumps_.push_back(at);
  }

  // A loop over the items of a list: each item into its registers, the condition, then what the
  // aggregate makes of it. It runs once per item, so its cost is bounded by the list's size.
  std::uint32_t gen_aggregate(const typed_expr& e, std::uint32_t dst) {
    const auto kind = static_cast<list_aggregate>(e.bits);
    const std::uint32_t list = gen(e.args[0], no_register, false);
    const typed_expr& value = e.args[1];
    const typed_expr& condition = e.args[2];
    const bool every_item = condition.op == node_op::constant && condition.bits == 1;
    if (kind == list_aggregate::count && every_item) {
      emit(op::list_count, dst, list, 0, 0, &e);
      return dst;
    }
    const std::uint32_t index = temporary();
    emit(op::move, index, constant(0));
    emit(op::items_begin);
    switch (kind) {
      case list_aggregate::count:
      case list_aggregate::sum:
      case list_aggregate::some:
        emit(op::move, dst, constant(0));
        break;
      case list_aggregate::every:
        emit(op::move, dst, constant(1));
        break;
      case list_aggregate::min:
      case list_aggregate::max:
        emit(op::set_missing, dst);  // the smallest of no items is missing
        break;
    }
    const std::uint32_t loop = label();
    const std::uint32_t end = label();
    place(loop);
    emit_next_item(e.symbol, list, index, item_width(e.args[0].type), end);
    if (kind == list_aggregate::every) {
      branch(condition, true, loop, false);  // this item holds: on to the next
      emit(op::note_item, 0, index);         // the one that does not
      emit(op::move, dst, constant(0));
      emit_jump(op::jump, 0, 0, end);
      place(end);
      emit(op::trace_items, dst, list, 0, 0, &e);
      return dst;
    }
    if (!every_item) branch(condition, false, loop, false);
    emit(op::note_item, 0, index);
    switch (kind) {
      case list_aggregate::count:
        emit(op::add, dst, dst, constant(1), 0, &e);
        break;
      case list_aggregate::sum:
        emit(op::add, dst, dst, gen(value, no_register, false), 0, &e);
        break;
      case list_aggregate::some:
        emit(op::move, dst, constant(1));
        emit_jump(op::jump, 0, 0, end);  // one is enough
        break;
      case list_aggregate::min:
      case list_aggregate::max: {
        const std::uint32_t v = gen(value, no_register, false);
        const std::uint32_t have = label();
        emit_jump(op::jump_present, dst, 0, have);
        emit(op::move_present, dst, v);
        emit_jump(op::jump, 0, 0, loop);
        place(have);
        emit(kind == list_aggregate::min ? op::min2 : op::max2, dst, dst, v, 0, &e);
        break;
      }
      case list_aggregate::every:
        break;
    }
    emit_jump(op::jump, 0, 0, loop);
    place(end);
    emit(op::trace_items, dst, list, 0, 0, &e);
    return dst;
  }

  // `x in L`: the items compared with x until one is equal.
  std::uint32_t gen_in_items(const typed_expr& e, std::uint32_t dst) {
    const std::uint32_t v = gen(e.args[0], no_register, false);
    const std::uint32_t list = gen(e.args[1], no_register, false);
    const std::uint32_t index = temporary();
    emit(op::move, index, constant(0));
    emit(op::items_begin);
    const std::uint32_t loop = label();
    const std::uint32_t found = label();
    const std::uint32_t none = label();
    const std::uint32_t end = label();
    place(loop);
    emit_next_item(e.symbol, list, index, 1, none);
    jump_if(cmp::eq, e.operand_kind, v, e.symbol, found);
    emit_jump(op::jump, 0, 0, loop);
    place(found);
    emit(op::note_item, 0, index);
    emit(op::move, dst, constant(e.negated ? 0 : 1));
    emit_jump(op::jump, 0, 0, end);
    place(none);
    emit(op::move, dst, constant(e.negated ? 1 : 0));
    place(end);
    emit(op::trace_items, dst, list, 0, 0, &e);
    return dst;
  }

  // Moves a branch's value into `dst`, keeping the state when the whole may be missing.
  void move_value(const typed_expr& whole, const typed_expr& part, std::uint32_t from,
                  std::uint32_t dst) {
    if (!whole.type.optional) {
      if (from != dst) emit(op::move, dst, from);
    } else {
      emit(part.type.optional ? op::move_state : op::move_present, dst, from);
    }
  }

  static op cmp_op(node_op o) {
    switch (o) {
      case node_op::eq:
        return op::cmp_eq;
      case node_op::ne:
        return op::cmp_ne;
      case node_op::lt:
        return op::cmp_lt;
      case node_op::le:
        return op::cmp_le;
      case node_op::gt:
        return op::cmp_gt;
      default:
        return op::cmp_ge;
    }
  }

  static cmp cmp_of(node_op o) {
    switch (o) {
      case node_op::eq:
        return cmp::eq;
      case node_op::ne:
        return cmp::ne;
      case node_op::lt:
        return cmp::lt;
      case node_op::le:
        return cmp::le;
      case node_op::gt:
        return cmp::gt;
      default:
        return cmp::ge;
    }
  }

  static cmp negation(cmp c) {
    switch (c) {
      case cmp::eq:
        return cmp::ne;
      case cmp::ne:
        return cmp::eq;
      case cmp::lt:
        return cmp::ge;
      case cmp::le:
        return cmp::gt;
      case cmp::gt:
        return cmp::le;
      default:
        return cmp::lt;
    }
  }

  static op jump_of(cmp c) {
    switch (c) {
      case cmp::eq:
        return op::jump_eq;
      case cmp::ne:
        return op::jump_ne;
      case cmp::lt:
        return op::jump_lt;
      case cmp::le:
        return op::jump_le;
      case cmp::gt:
        return op::jump_gt;
      default:
        return op::jump_ge;
    }
  }

  // A jump when `a c b` holds (strings compare as text).
  void jump_if(cmp c, type_kind kind, std::uint32_t a, std::uint32_t b, std::uint32_t target) {
    if (kind == type_kind::string) {
      emit_jump(op::jump_str, a, b, target, static_cast<std::uint8_t>(c));
    } else {
      emit_jump(jump_of(c), a, b, target);
    }
  }

  // Emits code that jumps to `target` when `e` evaluates to `when`, and falls through otherwise.
  void branch(const typed_expr& e, bool when, std::uint32_t target, bool always) {
    switch (e.op) {
      case node_op::not_:
        return branch(e.args[0], !when, target, always);
      case node_op::and_:
      case node_op::or_: {
        bool is_and = e.op == node_op::and_;
        if (when !=
            is_and) {  // and jumping when false / or jumping when true: either operand decides
          branch(e.args[0], when, target, always);
          branch(e.args[1], when, target, false);
        } else {
          std::uint32_t skip = label();
          branch(e.args[0], !when, skip, always);
          branch(e.args[1], when, target, false);
          place(skip);
        }
        return;
      }
      case node_op::eq:
      case node_op::ne:
      case node_op::lt:
      case node_op::le:
      case node_op::gt:
      case node_op::ge: {
        if (is_constant_tree(e)) break;
        std::uint32_t a = gen(e.args[0], no_register, always);
        std::uint32_t b = gen(e.args[1], no_register, always);
        cmp c = when ? cmp_of(e.op) : negation(cmp_of(e.op));
        jump_if(c, e.operand_kind, a, b, target);
        return;
      }
      case node_op::in_range: {
        if (is_constant_tree(e) || e.operand_kind == type_kind::string) break;
        // lo <= v <= hi as two compare-jumps
        std::uint32_t v = gen(e.args[0], no_register, always);
        std::uint32_t lo = gen(e.args[1], no_register, always);
        std::uint32_t hi = gen(e.args[2], no_register, always);
        bool jump_inside = when != e.negated;
        if (jump_inside) {
          std::uint32_t outside = label();
          jump_if(cmp::lt, e.operand_kind, v, lo, outside);
          jump_if(cmp::le, e.operand_kind, v, hi, target);
          place(outside);
        } else {
          jump_if(cmp::lt, e.operand_kind, v, lo, target);
          jump_if(cmp::gt, e.operand_kind, v, hi, target);
        }
        return;
      }
      case node_op::call:
        if (e.calls("present")) {
          std::uint32_t a = gen(e.args[0], no_register, always);
          emit_jump(when ? op::jump_present : op::jump_missing, a, 0, target);
          return;
        }
        break;
      default:
        break;
    }
    std::uint32_t r = gen(e, no_register, always);
    if (r > p_->as_of_slot && (r & temp_flag) == 0) {  // a constant condition
      if ((constant_value(r) != 0) == when) emit_jump(op::jump, 0, 0, target);
      return;
    }
    emit_jump(when ? op::jump_true : op::jump_false, r, 0, target);
  }

  std::int64_t constant_value(std::uint32_t reg) const {
    return p_->constants[reg - p_->as_of_slot - 1].second;
  }

  std::uint32_t gen_in_list(const typed_expr& e, std::uint32_t dst, bool always) {
    std::uint32_t v = gen(e.args[0], no_register, always);
    std::vector<std::uint32_t> items;
    bool all_constant = true;
    for (std::size_t k = 1; k < e.args.size(); ++k) {
      if (!is_constant_tree(e.args[k])) all_constant = false;
    }
    if (all_constant) {
      auto first = static_cast<std::uint32_t>(p_->sets.size());
      for (std::size_t k = 1; k < e.args.size(); ++k) {
        p_->sets.push_back(constant_value(gen(e.args[k], no_register, always)));
      }
      std::uint32_t at = emit(e.operand_kind == type_kind::string ? op::in_set_str : op::in_set,
                              dst, v, first, static_cast<std::uint32_t>(e.args.size() - 1), &e);
      p_->code[at].negated = e.negated;
      return dst;
    }
    // items evaluated in order until one matches
    std::uint32_t found = label();
    std::uint32_t end = label();
    for (std::size_t k = 1; k < e.args.size(); ++k) {
      jump_if(cmp::eq, e.operand_kind, v, gen(e.args[k], no_register, always && k == 1), found);
    }
    emit(op::move, dst, constant(e.negated ? 1 : 0));
    emit_jump(op::jump, 0, 0, end);
    place(found);
    emit(op::move, dst, constant(e.negated ? 0 : 1));
    place(end);
    return dst;
  }

  std::uint32_t gen_call(const typed_expr& e, std::uint32_t dst, bool always) {
    auto arg = [&](std::size_t k) { return gen(e.args[k], no_register, always); };
    auto binary = [&](op code) {
      std::uint32_t a = arg(0);
      std::uint32_t b = arg(1);
      emit(code, dst, a, b, 0, &e);
      return dst;
    };
    // from the function table: f(a), f(a, b), or pairwise from the left
    const function_info& fn = *e.fn;
    if (fn.variadic) {
      std::uint32_t acc = arg(0);
      for (std::size_t k = 1; k < e.args.size(); ++k) {
        std::uint32_t next = arg(k);
        emit(fn.code, dst, acc, next, 0, &e);
        acc = dst;
      }
      return dst;
    }
    if (fn.arity == 1) {
      emit(fn.code, dst, arg(0), 0, 0, &e);
      return dst;
    }
    if (fn.arity == 3) {
      std::uint32_t a = arg(0);
      std::uint32_t b = arg(1);
      std::uint32_t c = arg(2);
      emit(fn.code, dst, a, b, c, &e);
      return dst;
    }
    return binary(fn.code);
  }

  // A call of a user function, inlined: the arguments into the registers of its parameters,
  // then its body (an expression, or cases that branch like a rule's), its value into `dst`.
  // No function calls itself (check), so a parameter's register is never needed twice at once:
  // every argument is computed before the first is moved.
  std::uint32_t gen_user_call(const typed_expr& e, std::uint32_t dst) {
    const checked_policy& cp = *p_->policy;
    const checked_function& fn = cp.functions[cp.symbols[e.symbol].index];
    std::vector<std::uint32_t> values;
    values.reserve(e.args.size());
    for (const typed_expr& a : e.args) values.push_back(gen(a, no_register, false));
    for (std::size_t k = 0; k < values.size(); ++k) {
      const bool optional = cp.symbols[fn.params[k]].type.optional;
      emit(!optional                 ? op::move
           : e.args[k].type.optional ? op::move_state
                                     : op::move_present,
           fn.params[k], values[k]);
    }
    const checked_version& body = fn.body;
    if (body.form == body_form::expression) {
      move_value(e, body.expression, gen(body.expression, dst, false), dst);
      emit(op::trace_call, dst, e.symbol, 0, 0, &e);
      return dst;
    }
    std::uint32_t end = label();
    for (std::uint32_t i = 0; i < body.cases.size(); ++i) {
      const checked_case& c = body.cases[i];
      if (!c.when) {
        move_value(e, c.then, gen(c.then, dst, false), dst);
        emit(op::mark_case, e.symbol, branch_otherwise);
        break;
      }
      std::uint32_t next = label();
      branch(*c.when, false, next, false);
      if (c.raises) {
        p_->raised.push_back(c.raises);
        emit(op::raise, e.symbol, static_cast<std::uint32_t>(p_->raised.size() - 1), 0, i, &e);
      } else {
        move_value(e, c.then, gen(c.then, dst, false), dst);
        emit(op::mark_case, e.symbol, i);
        emit_jump(op::jump, 0, 0, end);
      }
      place(next);
    }
    place(end);
    emit(op::trace_call, dst, e.symbol, 0, 0, &e);
    return dst;
  }

  // ---------------------------------------------------------------------------------------
  // running code while compiling: folding, parameters, assertions, defaults

  // Sets symbol register `symbol` of the scratch frame run_now runs on (a parameter's value):
  // a run costs its own code, never a copy of every symbol (which made a policy whose
  // parameters change on many dates cubic).
  void set_scratch_symbol(std::uint32_t symbol, std::int64_t value) {
    frame& f = scratch_;
    if (f.slots.size() <= symbol) {
      f.slots.resize(2 * (static_cast<std::size_t>(symbol) + 1), 0);
      f.state.resize(f.slots.size(), state_present);
    }
    f.slots[symbol] = value;
  }

  // Runs the code of `e` now on a scratch frame whose symbol registers hold what
  // set_scratch_symbol put there (0 otherwise) and returns its value. Throws eval_failure. The
  // code is removed again; constants and sets it interned stay.
  std::int64_t run_now(const typed_expr& e) {
    std::size_t code_mark = p_->code.size();
    std::size_t jumps_mark = pending_jumps_.size();
    std::uint32_t temps_mark = next_temp_;
    std::uint32_t saved_max = max_temps_;
    folding_ = true;
    std::uint32_t r = no_register;
    try {
      r = gen(e, no_register, true);
    } catch (...) {
      folding_ = false;
      throw;
    }
    folding_ = false;
    emit(op::ret);
    resolve_labels(code_mark);
    // lay out: constants as they are now, temporaries after them
    std::uint32_t temp_base = p_->as_of_slot + 1 + static_cast<std::uint32_t>(p_->constants.size());
    for (std::size_t at = code_mark; at < p_->code.size(); ++at) relocate(p_->code[at], temp_base);
    if (r & temp_flag) r = temp_base + (r & ~temp_flag);
    // one scratch frame for the whole compile: constants are copied in as they are interned,
    // so that computing a constant costs its own code, not the size of the policy
    frame& f = scratch_;
    if (f.slots.size() < temp_base + next_temp_ + 1) {
      f.slots.resize(2 * (temp_base + next_temp_ + 1), 0);
      f.state.resize(f.slots.size(), state_present);
    }
    for (; scratch_constants_ < p_->constants.size(); ++scratch_constants_) {
      const auto& [reg, v] = p_->constants[scratch_constants_];
      f.slots[reg] = v;
    }
    if (f.branch.size() < f.slots.size()) {
      f.branch.resize(f.slots.size(), branch_none);
      f.version.resize(f.slots.size(), 0);
    }
    std::int64_t value = 0;
    try {
      run_block(*p_, f, static_cast<std::uint32_t>(code_mark));
      value = f.slots[r];
    } catch (...) {
      p_->code.resize(code_mark);
      pending_jumps_.resize(jumps_mark);
      next_temp_ = temps_mark;
      max_temps_ = saved_max;
      throw;
    }
    p_->code.resize(code_mark);
    pending_jumps_.resize(jumps_mark);
    next_temp_ = temps_mark;
    max_temps_ = saved_max;
    return value;
  }

  // The value of a constant subtree, or nullopt when it fails (reported when it always runs).
  std::optional<std::int64_t> fold(const typed_expr& e, bool always) {
    if (folding_) return std::nullopt;  // already running: the caller folds the whole
    try {
      return run_now(e);
    } catch (const eval_failure& f) {
      if (always) {
        error(codes::always_fails, "this expression always fails: " + f.message,
              e.syntax ? e.syntax->at : source_span{});
      }
      return std::nullopt;
    }
  }

  // Which operands of an instruction are registers.
  static void for_each_register(instr& i, auto&& f) {
    switch (i.code) {
      case op::ret:
      case op::jump:
      case op::mark_version:
      case op::fail_no_row:
      case op::raise:
      case op::done:
        return;  // no temporaries (dst is a rule's register or index)
      case op::trace_call:
        f(i.dst);  // a is a symbol
        return;
      case op::mark_case:
        return;  // dst is a function's symbol, a a case
      case op::move_done:
        f(i.a);
        return;
      case op::jump_true:
      case op::jump_false:
      case op::jump_present:
      case op::jump_missing:
        f(i.a);
        return;
      case op::jump_eq:
      case op::jump_ne:
      case op::jump_lt:
      case op::jump_le:
      case op::jump_gt:
      case op::jump_ge:
      case op::jump_str:
        f(i.a);
        f(i.b);
        return;
      case op::in_set:
      case op::in_set_str:
      case op::table:
        f(i.dst);
        if (i.code != op::table) f(i.a);
        return;
      case op::in_range:
      case op::in_range_str:
        f(i.dst);
        f(i.a);
        f(i.b);
        f(i.c);
        return;
      case op::item_next:  // dst: the item's registers (symbols); c: a target
        f(i.a);
        f(i.b);
        return;
      case op::items_begin:
        return;
      case op::note_item:
        f(i.a);
        return;
      case op::trace_items:
        f(i.dst);
        f(i.a);
        return;
      default:  // dst, a, b
        f(i.dst);
        f(i.a);
        f(i.b);
        return;
    }
  }

  static void relocate(instr& i, std::uint32_t temp_base) {
    for_each_register(i, [&](std::uint32_t& reg) {
      if (reg & temp_flag) reg = temp_base + (reg & ~temp_flag);
    });
  }

  std::shared_ptr<program_impl> p_;
  std::vector<diagnostic>& diagnostics_;
  std::unordered_map<std::int64_t, std::uint32_t> constant_registers_;
  std::unordered_map<std::uint32_t, std::int64_t> constant_parameter_;  // symbol -> value
  std::vector<std::uint32_t> labels_;
  std::vector<std::uint32_t> pending_jumps_;
  std::uint32_t next_temp_ = 0;
  std::uint32_t max_temps_ = 0;
  std::uint32_t rule_ = 0;
  std::uint32_t next_rule_ = 0;  ///< label of the code after the current rule
  std::uint32_t rule_entry_ = 0;
  std::uint32_t last_label_at_ = no_register;  ///< where the last label was placed
  bool folding_ = false;
  frame scratch_;
  std::size_t scratch_constants_ = 0;       ///< constants already in scratch_
  bool too_many_parameter_values_ = false;  ///< over parameter_value_budget (SR0005)
  // per parameter index: the segments (after the first) on which its value differs from the
  // segment before
  std::vector<std::vector<std::size_t>> changed_at_;
};

}  // namespace detail
}  // namespace ssprules::inline SSPRULES_ABI
