// Unit tests for detail/search.hpp: finding every quote of a document in one pass (Aho–Corasick),
// against a naive search on random inputs, and its work (`detail::work_done`) counted, never
// timed, as the number of quotes and the document's size double.
#include "ssprules/detail/search.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace {

using ssprules::detail::find_all;

// What find_all must answer, the slow way.
std::vector<bool> naive(std::string_view text, const std::vector<std::string_view>& patterns) {
  std::vector<bool> found;
  for (std::string_view p : patterns) found.push_back(text.find(p) != std::string_view::npos);
  return found;
}

std::vector<bool> found_in(std::string_view text, const std::vector<std::string_view>& patterns) {
  return find_all(text, patterns);
}

TEST(FindAll, FindsEachPattern) {
  EXPECT_EQ(found_in("abcabcabd", {"abcabd", "abd", "cab", "abcabe", "d", "e"}),
            (std::vector<bool>{true, true, true, false, true, false}));
  EXPECT_EQ(found_in("aaaa", {"aa", "aaaa", "aaaaa", "a"}),
            (std::vector<bool>{true, true, false, true}));
  EXPECT_EQ(found_in("ababac", {"abac", "bab", "ac", "abab", "ababac", "c", "ca"}),
            (std::vector<bool>{true, true, true, true, true, true, false}));
  // a pattern found only through failure links: `bc` is a suffix of the state `abc`
  EXPECT_EQ(found_in("xabcx", {"abcd", "bc", "c"}), (std::vector<bool>{false, true, true}));
  EXPECT_EQ(found_in("næste år", {"år", "æs", "a"}), (std::vector<bool>{true, true, false}));
  // a byte of a UTF-8 character (`å` is C3 A5) is a byte like any other
  EXPECT_EQ(found_in("år", {"\xC3", "\xA5r", "\xA5\xC3"}), (std::vector<bool>{true, true, false}));
}

TEST(FindAll, EmptyTextEmptyPatternsAndDuplicates) {
  EXPECT_EQ(found_in("", {"", "a"}), (std::vector<bool>{true, false}));
  EXPECT_EQ(found_in("abc", {""}), (std::vector<bool>{true}));
  EXPECT_TRUE(found_in("abc", {}).empty());
  EXPECT_TRUE(found_in("", {}).empty());
  EXPECT_EQ(found_in("abc", {"bc", "x", "bc", "x", "bc"}),
            (std::vector<bool>{true, false, true, false, true}));
}

TEST(FindAll, AgreesWithANaiveSearchOnRandomInputs) {
  std::mt19937 random(20240611);  // fixed: a failure can be replayed
  auto below = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n)(random);
  };
  // few letters, so that patterns overlap, repeat and share prefixes and suffixes; `æ` and `å`
  // share their first byte
  const std::vector<std::string> letters = {"a", "b", "æ", "å", " "};
  auto random_text = [&](std::size_t max_letters) {
    std::string s;
    for (std::size_t n = below(max_letters); n > 0; --n) s += letters[below(letters.size() - 1)];
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    const std::string text = random_text(round % 10 == 0 ? 3 : 120);
    std::vector<std::string> owned;
    for (std::size_t n = below(12); n > 0; --n) {
      switch (below(5)) {
        case 0:  // a substring of the text: found (if the text is not empty)
          if (!text.empty()) {
            std::size_t at = below(text.size() - 1);
            owned.push_back(text.substr(at, below(text.size() - at)));
            break;
          }
          [[fallthrough]];
        case 1:  // anything: mostly not found
          owned.push_back(random_text(6));
          break;
        case 2:  // a prefix of an earlier pattern
        case 3:  // a suffix of one, or one extended
          if (!owned.empty()) {
            const std::string p = owned[below(owned.size() - 1)];
            std::size_t k = below(p.size());
            owned.push_back(below(1) == 0 ? p.substr(0, k) : p.substr(k));
            if (below(3) == 0) owned.back() += random_text(2);
            break;
          }
          owned.push_back(random_text(4));
          break;
        default:  // a duplicate
          owned.push_back(owned.empty() ? std::string() : owned[below(owned.size() - 1)]);
      }
    }
    const std::vector<std::string_view> patterns(owned.begin(), owned.end());
    const std::vector<bool> got = find_all(text, patterns);
    ASSERT_EQ(got, naive(text, patterns)) << "round " << round << ", text `" << text << "`";
  }
}

// `count` distinct quotes of `length` bytes and the steps find_all takes for them in a text of
// `size` bytes. `adversarial`: a text of `a` and quotes `a…a` + a short tail of other letters,
// the worst case of a naive search (every start matches almost a whole quote); otherwise a
// random text of `a` and `b` and quotes cut from it (found, overlapping).
struct work {
  std::uint64_t steps = 0;
  std::size_t text_bytes = 0, quote_bytes = 0, found = 0;
};
work steps_for(std::size_t count, std::size_t length, std::size_t size, bool adversarial) {
  std::mt19937 random(7);
  std::string text;
  if (adversarial) {
    text.assign(size, 'a');
  } else {
    for (std::size_t i = 0; i < size; ++i) text += static_cast<char>('a' + random() % 2);
  }
  std::vector<std::string> owned;
  for (std::size_t i = 0; i < count; ++i) {
    if (adversarial) {
      std::string tail;
      for (std::size_t n = i; tail.empty() || n > 0; n /= 8) tail += static_cast<char>('b' + n % 8);
      owned.push_back(std::string(length - tail.size(), 'a') + tail);
    } else {
      owned.push_back(text.substr(random() % (size - length), length));
    }
  }
  const std::vector<std::string_view> patterns(owned.begin(), owned.end());
  work w;
  w.text_bytes = text.size();
  for (std::string_view p : patterns) w.quote_bytes += p.size();
  w.steps = ssprules::test_support::work_of([&] {
    for (bool f : find_all(text, patterns)) w.found += f ? 1 : 0;
  });
  return w;
}

// The work grows with the text plus the quotes: doubling the quotes or the text at most doubles
// it, doubling both at most doubles it too (a search per quote makes it 4 times, and costs
// quotes × text). Counted, never timed.
TEST(FindAll, WorkGrowsWithTextPlusQuotesNeverTheirProduct) {
  const std::size_t n = 50, length = 2000, size = 200'000;
  for (bool adversarial : {true, false}) {
    SCOPED_TRACE(adversarial ? "a text of `a`, quotes `a…a` + tail" : "quotes cut from the text");
    const work base = steps_for(n, length, size, adversarial);
    const work more_quotes = steps_for(2 * n, length, size, adversarial);
    const work more_text = steps_for(n, length, 2 * size, adversarial);
    const work both = steps_for(2 * n, length, 2 * size, adversarial);
    EXPECT_EQ(base.found, adversarial ? 0U : n);
    EXPECT_EQ(both.found, adversarial ? 0U : 2 * n);
    for (const work& w : {base, more_quotes, more_text, both}) {
      // 3 per text byte, 4 per quote byte and 1 per quote, and the sort's comparisons
      EXPECT_LE(w.steps, 3 * w.text_bytes + 5 * w.quote_bytes)
          << "quotes × text would be " << w.quote_bytes / length * w.text_bytes;
    }
    // (n, S) → (2n, S): only the new quotes' work is added; (n, S) → (n, 2S): only the text's
    EXPECT_LE(more_quotes.steps, base.steps + 5 * n * length);
    EXPECT_LE(more_text.steps, base.steps + 3 * size);
    EXPECT_LE(static_cast<double>(both.steps), 2.5 * static_cast<double>(base.steps))
        << "twice the quotes and twice the text: about twice the work, not 4 times";
    // and the work is at least the text's: each byte is looked at
    EXPECT_GE(base.steps, size);
  }
}

}  // namespace
