// The one vocabulary of the words ssprules writes around a policy's own texts, in English and
// Danish: explanations (`explain`, `decision::explain_text`) and the policy page (`doc`,
// `policy_html`) take their fixed words from this table, so a term ("output", "case", "source",
// "otherwise", …) is the same word everywhere. The policy's own texts (names, descriptions,
// quotes, holiday names) and the engine's error messages stay as written. No stability promise.
//
// Words are bare: no leading or trailing spaces (each user adds its own layout), no markup.
// `{1}`, `{2}`, … in a phrase are filled in by `fill`, so a sentence can put its parts in the
// order its language wants; `a|b|c` is a list read by `list_item` (months, weekdays, ordinals).
// The Danish words are the ones Danish caseworkers use (sag, oplysning, resultat, kilde,
// skæringsdato, arbejdsdag, …; docs/tools.md, "In Danish").
//
// Adding a word: one row `X(name, "English", "dansk")` in the list of the part that uses it.
// The unit tests in tests/unit/doc_test.cpp (`Vocabulary.*`, `DocDanish.*`) check that every
// row has both words with the same placeholders, and that a Danish page has no English word of
// the table left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "ssprules/evaluate.hpp"
#include "ssprules/version.hpp"

// --- explanations (`explain`, `decision::explain_text`, list aggregations)
#define SSPRULES_EXPLAIN_WORDS(X)                                                              \
  X(output, "output", "resultat") /* an output rule */                                         \
  X(value, "value", "værdi")      /* a helper value */                                         \
  X(error, "error", "fejl")                                                                    \
  X(decided_by, "decided by", "afgjort af")                                                    \
  X(line, "line", "linje")                           /* of the policy file */                  \
  X(when, "when", "når")                             /* a case's condition */                  \
  X(gives, "gives", "giver")                         /* a case's result */                     \
  X(using_, "using", "ud fra")                       /* the values a step read */              \
  X(source, "source", "kilde")                       /* one cited source */                    \
  X(raised, "raised", "gav fejl")                    /* a function's `error:` case */          \
  X(and_more, "and {1} more", "og {1} flere")        /* the items a long list leaves out */    \
  X(on_the_weekend, "on the weekend", "i weekenden") /* a holiday that falls on one */         \
  X(with, "with", "med")                             /* a function call's arguments */         \
  X(not_counting, "not counting", "uden at tælle")   /* days a working-day function skipped */ \
  X(to, "to", "til")                                 /* a range of days */                     \
  X(not_shown_sensitive, "(not shown: it depends on a sensitive input)",                       \
    "(vises ikke: afhænger af følsomme oplysninger)")                                          \
  X(case_record, "case", "sag") /* one case record: "== case #1 on 2025-03-01" */              \
  X(on_date, "on", "pr.")       /* evaluated on a date */                                      \
  /* what decided a step (`decided_by`); the page uses the same words */                       \
  X(expression, "expression", "udtryk")                                                        \
  X(collected_rows, "collected rows", "samlede rækker")                                        \
  X(no_row, "no row", "ingen række")                                                           \
  X(otherwise, "otherwise", "ellers")                                                          \
  X(case_, "case", "tilfælde") /* one case of a `cases` list */                                \
  X(rows, "rows", "rækker")                                                                    \
  X(row, "row", "række") /* of a decision table */                                             \
  /* list aggregations */                                                                      \
  X(of, "of", "af")                      /* "2 of 3 items" */                                  \
  X(items_of, "items of", "elementer i") /* "3 items of `list`" */                             \
  X(all, "all", "alle")                                                                        \
  X(meet, "meet", "opfylder")   /* plural */                                                   \
  X(meets, "meets", "opfylder") /* singular */                                                 \
  X(not_every_item_of, "not every item of", "ikke alle elementer i")                           \
  X(none_of, "none of", "ingen af")                                                            \
  X(found_in, "found in", "fundet i")                                                          \
  X(condition, "condition", "betingelse")                                                      \
  X(item, "item", "element") /* one item of a list */                                          \
  /* the cases and rows that did not hold (`not_taken`); an operand without a value is     */  \
  /* `absent` (the page's word)                                                            */  \
  X(not_taken, "not taken", "ikke valgt") /* the cases tried before the deciding one */        \
  X(because, "because", "fordi")          /* what made a condition false */                    \
  X(in, "in", "i")                        /* `x in [..]` held */                               \
  X(not_in, "not in", "ikke i")           /* `x in [..]` did not hold */

// --- the policy page (`doc`, `policy_html`): headings, labels, table headers and sentences
#define SSPRULES_DOC_WORDS(X)                                                                     \
  X(html_lang, "en", "da") /* the page's <html lang> */                                           \
  X(policy, "Policy", "Regelsæt")                                                                 \
  X(version_n, "version {1}", "version {1}")                                                      \
  X(contents, "Contents", "Indhold")                                                              \
  X(about, "About this policy", "Om regelsættet")                                                 \
  X(in_force_heading, "When the policy applies", "Hvornår regelsættet gælder")                    \
  X(working_days, "Working days", "Arbejdsdage")                                                  \
  X(source_documents, "Source documents", "Kildedokumenter")                                      \
  X(inputs, "Inputs", "Oplysninger")                                                              \
  X(parameters, "Parameters", "Parametre")                                                        \
  X(functions, "Functions", "Funktioner")                                                         \
  X(values_heading, "Values (intermediate steps)", "Værdier (mellemregninger)")                   \
  X(outputs_heading, "Outputs (the decision)", "Resultater (afgørelsen)")                         \
  X(assertions, "Assertions", "Kontroller")                                                       \
  X(dependency_graph, "Dependency graph", "Afhængighedsgraf")                                     \
  X(examples, "Examples", "Eksempler")                                                            \
  X(footer,                                                                                       \
    "Generated by ssprules from {1}. The policy file is the authority: this page shows it "       \
    "as written.",                                                                                \
    "Dannet af ssprules ud fra {1}. Det er regelfilen, der gælder: siden viser den, som den "    \
    "er skrevet.")                                                                                \
  /* about this policy */                                                                         \
  X(title, "Title", "Titel")                                                                      \
  X(identifier, "Identifier", "Id")                                                               \
  X(jurisdiction, "Jurisdiction", "Myndighed")                                                    \
  X(version, "Version", "Version")                                                                \
  X(in_force, "In force", "Gælder")                                                               \
  X(outputs, "Outputs", "Resultater")                                                             \
  X(policy_file, "Policy file", "Regelfil")                                                       \
  X(imports, "Imports", "Importerer")                                                             \
  X(imports_note,                                                                                 \
    "(shared definitions: the sources, parameters and calendar marked with their file "           \
    "below)",                                                                                     \
    "(fælles definitioner: de kilder, parametre og den kalender, der nedenfor er mærket "       \
    "med deres fil)")                                                                             \
  X(defined_in, "Defined in {1}.", "Defineret i {1}.")                                            \
  X(and_, "and", "og")                                                                            \
  X(or_, "or", "eller")                                                                           \
  X(from_to, "from {1} to {2}", "fra {1} til og med {2}")                                         \
  X(from_on, "from {1} on", "fra {1}")                                                            \
  X(until, "until {1}", "til og med {1}")                                                         \
  X(at_all_times, "at all times", "altid")                                                        \
  /* when the policy applies */                                                                   \
  X(periods_intro,                                                                                \
    "The policy decides cases on evaluation dates inside these periods (both ends "               \
    "included). A case evaluated on any other date gets an error ({1}), never a guess.",          \
    "Regelsættet afgør sager med en skæringsdato inden for disse perioder (begge datoer "      \
    "medregnet). En sag med en anden skæringsdato får en fejl ({1}), aldrig et gæt.")             \
  X(period, "Period", "Periode")                                                                  \
  X(from, "From", "Fra")                                                                          \
  X(to_heading, "To", "Til og med")                                                               \
  X(notes, "Notes", "Bemærkninger")                                                               \
  X(open, "open", "åben")                                                                         \
  X(until_further_notice, "until further notice", "indtil videre")                                \
  X(dates_and_ages, "Dates and ages", "Datoer og alder")                                          \
  X(age_rule, "An age is the number of whole years completed on the evaluation date.",            \
    "En alder er antallet af hele år, personen er fyldt på skæringsdatoen.")                      \
  X(leap_mar_1,                                                                                   \
    "Someone born on 29 February has their birthday on 1 March in years without 29 "              \
    "February.",                                                                                  \
    "Den, der er født den 29. februar, har fødselsdag den 1. marts i år uden 29. februar.")       \
  X(leap_feb_28,                                                                                  \
    "Someone born on 29 February has their birthday on 28 February in years without 29 "          \
    "February.",                                                                                  \
    "Den, der er født den 29. februar, har fødselsdag den 28. februar i år uden 29. "          \
    "februar.")                                                                                   \
  X(months_clamp,                                                                                 \
    "Adding months to a date whose day the target month lacks gives the last day of that "        \
    "month (31 August + 6 months = 28 or 29 February).",                                          \
    "Lægges måneder til en dato, hvis dag ikke findes i den måned, man når frem til, bliver " \
    "det den sidste dag i den måned (31. august + 6 måneder = 28. eller 29. februar).")           \
  X(months_next,                                                                                  \
    "Adding months to a date whose day the target month lacks gives the first day of the "        \
    "month after (31 August + 6 months = 1 March).",                                              \
    "Lægges måneder til en dato, hvis dag ikke findes i den måned, man når frem til, bliver " \
    "det den første dag i måneden efter (31. august + 6 måneder = 1. marts).")                    \
  X(age_band,                                                                                     \
    "An age band such as {1} includes both ends: from the 17th birthday up to the day "           \
    "before the 24th.",                                                                           \
    "Et aldersinterval som {1} medregner begge ender: fra 17-årsdagen til dagen før "           \
    "24-årsdagen.")                                                                               \
  /* working days */                                                                              \
  X(working_days_intro, "Working-day deadlines count every day that is not {1}",                  \
    "En frist i arbejdsdage tæller alle dage, der ikke er {1}")                                   \
  X(weekend_or_closed, "a {1} or closed", "en {1} eller en lukkedag")                             \
  X(or_a, "or a", "eller en")                                                                     \
  X(closed, "closed", "en lukkedag")                                                              \
  X(holidays_bundled, "the public holidays are the bundled calendar {1}",                         \
    "helligdagene er den medfølgende kalender {1}")                                               \
  X(holidays_file, "the public holidays are the calendar {1}", "helligdagene er kalenderen {1}")  \
  X(day, "Day", "Dag")                                                                            \
  X(rule, "Rule", "Regel")                                                                        \
  X(calendar, "Calendar", "Kalender")                                                             \
  X(source_heading, "Source", "Kilde")                                                            \
  X(this_policy, "this policy", "dette regelsæt")                                                 \
  X(closed_days, "The days they close from {1} to {2} that are not on the weekend:",              \
    "Lukkedage fra {1} til {2}, der ikke falder i en weekend:")                                   \
  X(every_year, "every {1} {2}", "hvert år den {1}. {2}") /* day, month */                        \
  X(easter_sunday, "Easter Sunday", "påskedag")                                                   \
  X(day_before_easter, "{1} day before Easter Sunday", "{1} dag før påskedag")                    \
  X(days_before_easter, "{1} days before Easter Sunday", "{1} dage før påskedag")                 \
  X(day_after_easter, "{1} day after Easter Sunday", "{1} dag efter påskedag")                    \
  X(days_after_easter, "{1} days after Easter Sunday", "{1} dage efter påskedag")                 \
  X(nth_weekday, "the {1} {2} of {3}", "den {1} {2} i {3}") /* ordinal, weekday, month */         \
  X(ordinals, "first|second|third|fourth|fifth", "første|anden|tredje|fjerde|femte")              \
  X(ordinals_from_last, "last|second from last|third from last|fourth from last|fifth from last", \
    "sidste|næstsidste|tredjesidste|fjerdesidste|femtesidste")                                    \
  X(months,                                                                                       \
    "January|February|March|April|May|June|July|August|September|October|November|December",      \
    "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december")        \
  X(weekdays, "monday|tuesday|wednesday|thursday|friday|saturday|sunday",                         \
    "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag")                                         \
  X(only_on, "only on {1}", "kun den {1}")                                                        \
  X(rule_from, "from {1}", "fra {1}")                                                             \
  /* source documents and citations */                                                            \
  X(sources_intro, "The rules below cite passages of these documents.",                           \
    "Reglerne nedenfor henviser til afsnit i disse dokumenter.")                                  \
  X(issued_by, "issued by {1}", "udstedt af {1}")                                                 \
  X(dated, "dated {1}", "dateret {1}")                                                            \
  X(cited_as, "Cited as {1}", "Henvises til som {1}")                                             \
  X(text_in, "text in {1}", "teksten findes i {1}")                                               \
  X(section, "section", "afsnit")                                                                 \
  /* inputs */                                                                                    \
  X(inputs_intro,                                                                                 \
    "The fields of a case record. Every record may also carry {1} (a pseudonymous case key, "     \
    "carried to the result) and {2} (its own evaluation date).",                                  \
    "Felterne i en sags oplysninger. Hver sag kan også have {1} (en pseudonym sagsnøgle, der "  \
    "følger med til resultatet) og {2} (sin egen skæringsdato).")                                 \
  X(no_other_fields, "This policy reads no other fields.",                                        \
    "Regelsættet læser ingen andre felter.")                                                      \
  X(field, "Field", "Felt")                                                                       \
  X(type, "Type", "Type")                                                                         \
  X(required_heading, "Required", "Påkrævet")                                                     \
  X(description, "Description", "Beskrivelse")                                                    \
  X(required, "required", "påkrævet")                                                             \
  X(optional_default, "optional; when absent: {1}", "valgfri; når den mangler: {1}")              \
  X(optional_missing, "optional (may be missing)", "valgfri (kan mangle)")                        \
  /* types in plain words */                                                                      \
  X(yes_or_no, "yes or no ({1} or {2})", "ja eller nej ({1} eller {2})")                          \
  X(whole_number_from_to, "a whole number from {1} to {2}", "et helt tal fra {1} til {2}")        \
  X(whole_number_at_least, "a whole number of at least {1}", "et helt tal på mindst {1}")         \
  X(whole_number_at_most, "a whole number of at most {1}", "et helt tal på højst {1}")            \
  X(whole_number, "a whole number", "et helt tal")                                                \
  X(decimal_number, "a decimal number", "et decimaltal")                                          \
  X(text, "text", "tekst")                                                                        \
  X(one_of_names, "one of a list of names", "et navn fra en liste")                               \
  X(one_of, "one of {1}", "en af {1}")                                                            \
  X(a_date, "a date (year-month-day)", "en dato (år-måned-dag)")                                  \
  X(list_of_records, "a list of items, each with {1}", "en liste af elementer, hver med {1}")     \
  X(may_be_absent, "may be absent", "kan mangle")                                                 \
  X(list_of, "a list, each item {1}", "en liste, hvor hvert element er {1}")                      \
  /* parameters */                                                                                \
  X(parameters_intro,                                                                             \
    "Named constants of the policy. A parameter may change on a date: every rule that uses "      \
    "it follows the evaluation date.",                                                            \
    "Regelsættets navngivne faste værdier. En parameter kan ændres fra en bestemt dato: "      \
    "alle regler, der bruger den, følger skæringsdatoen.")                                        \
  X(parameter, "parameter", "parameter")                                                          \
  X(value_heading, "Value", "Værdi")                                                              \
  X(the_start, "the start", "begyndelsen")                                                        \
  X(uses, "Uses {1}.", "Bruger {1}.")                                                             \
  X(used_by, "Used by {1}.", "Bruges af {1}.")                                                    \
  /* decision tables and cases */                                                                 \
  X(hit_first, "The first row that matches decides.", "Den første række, der passer, afgør.")     \
  X(hit_unique, "Exactly one row matches each case.", "Præcis én række passer på hver sag.")      \
  X(hit_any, "Rows that match must give the same result.",                                        \
    "Rækker, der passer, skal give samme resultat.")                                              \
  X(hit_list, "Every row that matches adds its result to a list.",                                \
    "Hver række, der passer, føjer sit resultat til en liste.")                                   \
  X(hit_sum, "The results of the rows that match are added up.",                                  \
    "Resultaterne af de rækker, der passer, lægges sammen.")                                      \
  X(hit_count, "The result is the number of rows that match.",                                    \
    "Resultatet er antallet af rækker, der passer.")                                              \
  X(hit_min, "The result is the smallest of the matching rows' results.",                         \
    "Resultatet er det mindste af resultaterne i de rækker, der passer.")                         \
  X(hit_max, "The result is the largest of the matching rows' results.",                          \
    "Resultatet er det største af resultaterne i de rækker, der passer.")                         \
  X(table_rows, "Each row gives the result when every column matches its cell",                   \
    "Hver række giver resultatet, når alle kolonner passer med rækkens celle")                    \
  X(table_otherwise, "when no row matches, the last line applies.",                               \
    "passer ingen række, gælder den sidste linje.")                                               \
  X(row_heading, "Row", "Række")                                                                  \
  X(result_of, "Result: {1}", "Resultat: {1}")                                                    \
  X(any, "any", "uanset") /* a table cell that matches every value */                             \
  X(no_row_matches, "no row matches", "ingen række passer")                                       \
  X(cases_intro,                                                                                  \
    "The first condition that holds decides:", "Den første betingelse, der er opfyldt, afgør:")   \
  X(if_then, "If {1}, then {2};", "Hvis {1}, så {2};")                                            \
  X(is_error, "the record is the error {1}: {2}", "giver sagen fejlen {1}: {2}")                  \
  X(computed_as, "Computed as {1}.", "Beregnes som {1}.")                                         \
  /* values and outputs */                                                                        \
  X(values_intro,                                                                                 \
    "Derived values the outputs use. They are not part of the decision, but explanations "        \
    "show them.",                                                                                 \
    "Afledte værdier, som resultaterne bruger. De er ikke en del af afgørelsen, men "           \
    "forklaringerne viser dem.")                                                                  \
  X(outputs_intro, "What the policy decides for each case, in the order the policy states them.", \
    "Det, regelsættet afgør for hver sag, i den rækkefølge regelsættet nævner det.")              \
  X(may_be_missing_as, "may be missing (written as {1})", "kan mangle (skrives som {1})")         \
  X(version_number, "Version {1}", "Version {1}")                                                 \
  X(in_period, "In period {1}", "I perioden {1}")                                                 \
  /* functions */                                                                                 \
  X(functions_intro,                                                                              \
    "Computations the rules call by name: a call gives the body's result with the arguments "     \
    "in place of the parameters.",                                                                \
    "Beregninger, som reglerne kalder ved navn: et kald giver funktionens resultat med "          \
    "argumenterne sat ind i stedet for parametrene.")                                             \
  X(function, "function", "funktion")                                                             \
  X(may_be_missing, "may be missing", "kan mangle")                                               \
  X(no_parameters, "No parameters", "Ingen parametre")                                            \
  X(parameters_list, "Parameters: {1}", "Parametre: {1}")                                         \
  X(result_is, "Result: {1}.", "Resultat: {1}.")                                                  \
  /* assertions */                                                                                \
  X(assertions_intro,                                                                             \
    "Conditions over the parameters that are checked whenever the policy loads, on every "        \
    "date a parameter changes.",                                                                  \
    "Betingelser for parametrene, som kontrolleres, hver gang regelsættet indlæses, på hver "  \
    "dato, hvor en parameter ændres.")                                                            \
  X(assertion_n, "Assertion {1}", "Kontrol {1}")                                                  \
  X(must_hold, "Must hold: {1}", "Skal være opfyldt: {1}")                                        \
  /* the dependency graph */                                                                      \
  X(graph_intro,                                                                                  \
    "An arrow from {1} to {2} means that {2} uses {1}. Inputs are rounded blue boxes, "           \
    "parameters yellow hexagons, values grey ellipses and outputs bold green boxes; the "         \
    "graph reads from the facts on the left to the decision on the right.",                       \
    "En pil fra {1} til {2} betyder, at {2} bruger {1}. Oplysninger er blå kasser med runde "    \
    "hjørner, parametre gule sekskanter, værdier grå ellipser og resultater fede grønne "     \
    "kasser; grafen læses fra sagens oplysninger til venstre til afgørelsen til højre.")          \
  X(graph_too_large,                                                                              \
    "The graph has {1} names, more than the {2} this page draws. {3} writes it in the DOT "       \
    "language; draw it with {4}.",                                                                \
    "Grafen har {1} navne, flere end de {2}, siden tegner. {3} skriver den i DOT-sproget; "       \
    "tegn den med {4}.")                                                                          \
  X(graph_caption, "The dependency graph of {1}.", "Afhængighedsgrafen for {1}.")                 \
  X(graph_not_drawn,                                                                              \
    "The graph could not be drawn here (Graphviz {1} was not available). This is its text "       \
    "in the DOT language; draw it with {2}.",                                                     \
    "Grafen kunne ikke tegnes her (Graphviz {1} var ikke til rådighed). Her er dens tekst i "    \
    "DOT-sproget; tegn den med {2}.")                                                             \
  /* examples */                                                                                  \
  X(examples_intro,                                                                               \
    "These examples are the policy's own tests: {1} checks that the policy gives exactly "        \
    "these results. Fields not listed are absent (defaults apply); outputs not listed are "       \
    "not checked.",                                                                               \
    "Eksemplerne er regelsættets egne test: {1} kontrollerer, at regelsættet giver præcis "    \
    "disse resultater. Felter, der ikke er nævnt, mangler (standardværdierne gælder); "        \
    "resultater, der ikke er nævnt, kontrolleres ikke.")                                          \
  X(example_n, "Example {1}", "Eksempel {1}")                                                     \
  X(evaluated_on, "Evaluated on {1}.", "Vurderet pr. {1}.")                                       \
  X(given, "Given", "Oplysninger")                                                                \
  X(no_fields, "no fields", "ingen felter")                                                       \
  X(expected, "Expected", "Forventet")                                                            \
  X(result, "Result", "Resultat")                                                                 \
  X(meaning, "Meaning", "Betydning")                                                              \
  X(message_contains, "the message contains {1}", "meddelelsen indeholder {1}")                   \
  X(output_heading, "Output", "Resultat")                                                         \
  X(absent, "absent", "mangler")

namespace ssprules::inline SSPRULES_ABI::detail {

/// The fixed words of explanations and policy pages in one language: one field per row of
/// `SSPRULES_EXPLAIN_WORDS` and `SSPRULES_DOC_WORDS`.
struct vocabulary {
#define SSPRULES_WORD_FIELD(name, en, da) const char* name;
  SSPRULES_EXPLAIN_WORDS(SSPRULES_WORD_FIELD)
  SSPRULES_DOC_WORDS(SSPRULES_WORD_FIELD)
#undef SSPRULES_WORD_FIELD
};

#define SSPRULES_WORD_EN(name, en, da) en,
#define SSPRULES_WORD_DA(name, en, da) da,
/// The English words.
inline constexpr vocabulary english{SSPRULES_EXPLAIN_WORDS(SSPRULES_WORD_EN)
                                        SSPRULES_DOC_WORDS(SSPRULES_WORD_EN)};
/// The Danish words (as Danish municipal caseworkers write them).
inline constexpr vocabulary danish{SSPRULES_EXPLAIN_WORDS(SSPRULES_WORD_DA)
                                       SSPRULES_DOC_WORDS(SSPRULES_WORD_DA)};
#undef SSPRULES_WORD_EN
#undef SSPRULES_WORD_DA

/// The words of `lang`.
inline const vocabulary& words(language lang) { return lang == language::da ? danish : english; }

/// Which part of ssprules writes a word.
enum class vocabulary_part : std::uint8_t { explain, doc };

/// One row of the vocabulary, for tests and tools that walk the whole table.
struct vocabulary_entry {
  const char* name;
  vocabulary_part part;
  const char* vocabulary::*field;
};

/// Every row of the vocabulary, in table order.
inline constexpr vocabulary_entry vocabulary_entries[] = {
#define SSPRULES_WORD_ENTRY_EXPLAIN(name, en, da) \
  {#name, vocabulary_part::explain, &vocabulary::name},
#define SSPRULES_WORD_ENTRY_DOC(name, en, da) {#name, vocabulary_part::doc, &vocabulary::name},
    SSPRULES_EXPLAIN_WORDS(SSPRULES_WORD_ENTRY_EXPLAIN) SSPRULES_DOC_WORDS(SSPRULES_WORD_ENTRY_DOC)
#undef SSPRULES_WORD_ENTRY_EXPLAIN
#undef SSPRULES_WORD_ENTRY_DOC
};

/// `pattern` with `{1}`, `{2}`, … (at most `{9}`) replaced by the `parts` in that order; a
/// number without a part stays as written.
inline std::string fill(std::string_view pattern, std::initializer_list<std::string_view> parts) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '1' &&
        pattern[i + 1] <= '9' && pattern[i + 2] == '}') {
      const auto k = static_cast<std::size_t>(pattern[i + 1] - '1');
      if (k < parts.size()) {
        out += *(parts.begin() + k);
        i += 2;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

/// Item `i` (from 0) of a word list `a|b|c`; empty past its end.
inline std::string_view list_item(std::string_view list, std::size_t i) {
  std::size_t at = 0;
  for (; i > 0; --i) {
    at = list.find('|', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  return list.substr(at, list.find('|', at) - at);
}

/// The language named `name` ("en" or "da"), nullopt for any other name: the one parser of
/// `--lang` (CLI) and `lang=` (Python).
inline std::optional<language> language_named(std::string_view name) {
  if (name == "en") return language::en;
  if (name == "da") return language::da;
  return std::nullopt;
}

/// The names `language_named` knows, for error messages.
inline constexpr const char* language_names = "en or da";

}  // namespace ssprules::inline SSPRULES_ABI::detail
